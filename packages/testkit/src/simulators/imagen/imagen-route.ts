/** Which of Imagen's two APIs a request went to. */
export type ImagenTransport = 'gemini' | 'vertex';

/** A request path that names an Imagen model method on one of the two APIs. */
export type ImagenRoute =
  | {
      /** `POST /v1beta/models/{model}:{method}` on the Gemini API. */
      readonly transport: 'gemini';
      readonly model: string;
      /** The custom method after the colon, e.g. `predict`. */
      readonly method: string;
    }
  | {
      /**
       * `POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}`
       * on Vertex AI.
       */
      readonly transport: 'vertex';
      readonly model: string;
      readonly method: string;
      readonly project: string;
      readonly location: string;
    };

/**
 * Reads the transport, model and method from a request path (not decoded; each segment is
 * percent-decoded on its own, so an encoded `:` still splits model from method).
 *
 * @returns `undefined` when the path is neither API's model-method path.
 */
export function matchImagenRoute(path: string): ImagenRoute | undefined {
  const segments = decodeSegments(path);
  if (segments === undefined) return undefined;
  const [version, ...rest] = segments;
  if (version === 'v1beta' && rest.length === 2 && rest[0] === 'models') {
    const target = splitModelMethod(rest[1]!);
    return target && { transport: 'gemini', ...target };
  }
  if (version !== 'v1' || rest.length !== 8) return undefined;
  const [projects, project, locations, location, publishers, publisher, models, last] = rest as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const shaped =
    projects === 'projects' &&
    locations === 'locations' &&
    publishers === 'publishers' &&
    publisher === 'google' &&
    models === 'models' &&
    project !== '' &&
    location !== '';
  const target = shaped ? splitModelMethod(last) : undefined;
  return target && { transport: 'vertex', project, location, ...target };
}

function decodeSegments(path: string): string[] | undefined {
  if (!path.startsWith('/')) return undefined;
  try {
    return path.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function splitModelMethod(segment: string): { model: string; method: string } | undefined {
  const colon = segment.lastIndexOf(':');
  if (colon <= 0 || colon === segment.length - 1) return undefined;
  return { model: segment.slice(0, colon), method: segment.slice(colon + 1) };
}
