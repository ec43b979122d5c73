/** What one Imagen model accepts, as the simulator enforces it. */
export interface ImagenModelCapabilities {
  /** Whether `parameters.sampleImageSize` is accepted: Imagen 4 Standard and Ultra only. */
  readonly acceptsImageSize: boolean;
  /** Most images one request returns; a larger `sampleCount` is answered with this many. */
  readonly maximumImagesPerRequest: number;
}

const imagen3: ImagenModelCapabilities = { acceptsImageSize: false, maximumImagesPerRequest: 4 };
const imagen4Standard: ImagenModelCapabilities = {
  acceptsImageSize: true,
  maximumImagesPerRequest: 4,
};
const imagen4Fast: ImagenModelCapabilities = {
  acceptsImageSize: false,
  maximumImagesPerRequest: 4,
};
const imagen4Ultra: ImagenModelCapabilities = {
  acceptsImageSize: true,
  maximumImagesPerRequest: 1,
};

/** Every model id the simulator knows, retired or not, with what it accepts. */
export const imagenModelCapabilities: ReadonlyMap<string, ImagenModelCapabilities> = new Map([
  ['imagen-3.0-generate-002', imagen3],
  ['imagen-4.0-generate-001', imagen4Standard],
  ['imagen-4.0-ultra-generate-001', imagen4Ultra],
  ['imagen-4.0-fast-generate-001', imagen4Fast],
  ['imagen-4.0-fast-generate-preview-06-06', imagen4Fast],
  ['imagen-4.0-ultra-generate-preview-06-06', imagen4Ultra],
  ['imagen-4.0-generate-preview-06-06', imagen4Standard],
  ['imagen-4.0-ultra-generate-exp-05-20', imagen4Ultra],
  ['imagen-4.0-generate-preview-05-20', imagen4Standard],
]);

/**
 * Model ids retired by default, answered with 404 NOT_FOUND as Google does for shut-down models:
 * `imagen-4.0-generate-preview-05-20` and `imagen-4.0-ultra-generate-exp-05-20`.
 */
export const imagenRetiredModels: readonly string[] = Object.freeze([
  'imagen-4.0-generate-preview-05-20',
  'imagen-4.0-ultra-generate-exp-05-20',
]);

/**
 * Model ids the simulator serves (not retired by default): Imagen 3 `imagen-3.0-generate-002`
 * and the Imagen 4 Standard, Fast and Ultra models with their `-preview-06-06` ids.
 */
export const imagenSimulatorModels: readonly string[] = Object.freeze(
  [...imagenModelCapabilities.keys()].filter(model => !imagenRetiredModels.includes(model)),
);
