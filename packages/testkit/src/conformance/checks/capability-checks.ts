import {
  type GenerateResult,
  type ImageModelV1Warning,
  InvalidInputError,
  parseAspectRatio,
  parseSize,
} from '@easel/core';
import { synthesizeImage } from '../../images/synthesize-image.js';
import type { ModelCheck } from '../conformance-check.js';
import type { ModelCheckContext } from '../conformance-context.js';
import { describeThrown } from '../conformance-error.js';

const allFormats = ['png', 'jpeg', 'webp'] as const;

function warningFor(result: GenerateResult, feature: string): ImageModelV1Warning | undefined {
  return result.warnings.find(warning => warning.type !== 'other' && warning.feature === feature);
}

function ratioOf(width: number, height: number): number {
  return Math.log(width / height);
}

function dimensions(result: GenerateResult): string {
  return result.images.map(image => `${image.width}x${image.height}`).join(', ');
}

/**
 * Whether every image has the shape of `ratio`. Providers render ratios on their own pixel grids
 * (Imagen's 3:4 is 896×1280), so with the model's list of ratios an image matches when it is
 * nearer `ratio` than any other ratio the model offers (and within 10 %); without one, within 3 %.
 */
function sameShape(
  result: GenerateResult,
  ratio: string,
  offered: readonly string[] = [],
): boolean {
  const target = parseAspectRatio(ratio);
  if (!target) return false;
  const wanted = ratioOf(target.width, target.height);
  const others = offered
    .map(value => parseAspectRatio(value))
    .filter(value => value !== undefined)
    .map(value => ratioOf(value.width, value.height))
    .filter(value => Math.abs(value - wanted) > 1e-9);
  return result.images.every(image => {
    if (image.width === undefined || image.height === undefined) return false;
    const distance = Math.abs(ratioOf(image.width, image.height) - wanted);
    if (others.length === 0) return distance < 0.03;
    const nearestOther = Math.min(
      ...others.map(other => Math.abs(ratioOf(image.width!, image.height!) - other)),
    );
    return distance < 0.1 && distance < nearestOther;
  });
}

function sameSize(result: GenerateResult, size: string): boolean {
  const target = parseSize(size);
  return (
    target !== undefined &&
    result.images.every(image => image.width === target.width && image.height === target.height)
  );
}

/** A data URI of a small real PNG, for input-image checks. */
function inputImage(seed: number): string {
  const bytes = synthesizeImage({
    width: 64,
    height: 64,
    format: 'png',
    seed,
    prompt: 'conformance input',
  });
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
}

async function rejectedBeforeSending(
  context: ModelCheckContext,
  input: Record<string, unknown>,
  what: string,
): Promise<void> {
  const before = context.suite.simulator.requests.length;
  const error = await context.failure(context.call(input), what);
  context.conform(
    InvalidInputError.isInstance(error),
    `${what}: expected InvalidInputError, got ${describeThrown(error)}`,
  );
  context.conform(
    context.suite.simulator.requests.length === before,
    `${what}: a request was sent before the input was rejected`,
  );
}

function honouredOrWarned(
  context: ModelCheckContext,
  result: GenerateResult,
  feature: string,
  honoured: boolean,
  requested: unknown,
): void {
  const warning = warningFor(result, feature);
  context.conform(
    honoured || warning !== undefined,
    `${feature} ${JSON.stringify(requested)} was neither honoured (got ${dimensions(result)}) nor reported in a warning`,
  );
}

export const capabilityChecks: readonly ModelCheck[] = [
  {
    id: 'images-per-call',
    title: 'returns n images in one call, up to maxImagesPerCall',
    async run(context: ModelCheckContext) {
      const n = Math.min(context.model.capabilities.maxImagesPerCall, 4);
      const result = await context.generate({ ...context.input, n });
      context.conform(
        result.images.length === n,
        `asked for ${n} images, got ${result.images.length}`,
      );
      context.conform(
        context.suite.paidRequests().length === 1,
        `n=${n} fits one call, but ${context.suite.paidRequests().length} paid requests were made`,
      );
    },
  },
  {
    id: 'fan-out',
    title: 'n beyond maxImagesPerCall fans out into several calls, in order',
    async run(context: ModelCheckContext) {
      const max = context.model.capabilities.maxImagesPerCall;
      const n = max + 1;
      if (n > 16) return;
      const result = await context.generate({ ...context.input, n });
      const calls = Math.ceil(n / max);
      context.conform(
        result.images.length === n,
        `asked for ${n} images, got ${result.images.length}`,
      );
      context.conform(
        context.suite.paidRequests().length === calls,
        `expected ${calls} paid requests, saw ${context.suite.paidRequests().length}`,
      );
    },
  },
  {
    id: 'sizes',
    title: 'size is honoured when supported, snapped with a warning otherwise',
    async run(context: ModelCheckContext) {
      const sizes = context.model.capabilities.sizes;
      if (sizes === undefined) {
        const result = await context.generate({ ...context.input, size: '1024x1024' });
        context.conform(
          warningFor(result, 'size') !== undefined || sameSize(result, '1024x1024'),
          'size 1024x1024 was neither honoured nor reported in a warning',
        );
        return;
      }
      const supported =
        sizes.type === 'list'
          ? sizes.values.slice(0, 3)
          : [
              `${Math.ceil(Math.max(sizes.minWidth, 512) / sizes.multipleOf) * sizes.multipleOf}x${Math.ceil(Math.max(sizes.minHeight, 512) / sizes.multipleOf) * sizes.multipleOf}`,
            ];
      for (const size of supported) {
        const result = await context.generate({ ...context.input, size });
        context.conform(
          sameSize(result, size),
          `asked for supported size ${size}, got ${dimensions(result)}`,
        );
        context.conform(
          warningFor(result, 'size') === undefined,
          `supported size ${size} came with a size warning`,
        );
      }
      const odd =
        sizes.type === 'list'
          ? '1000x1000'
          : `${sizes.multipleOf > 1 ? 512 + 1 : sizes.maxWidth + 1}x512`;
      const result = await context.generate({ ...context.input, size: odd });
      const warning = warningFor(result, 'size');
      context.conform(
        warning?.type === 'approximated',
        `unsupported size ${odd} gave no 'approximated' warning for size (got ${dimensions(result)})`,
      );
      if (typeof warning.used === 'string' && parseSize(warning.used)) {
        context.conform(
          sameSize(result, warning.used),
          `the warning says ${warning.used} was used, but the image is ${dimensions(result)}`,
        );
      }
    },
  },
  {
    id: 'aspect-ratios',
    title: 'aspect_ratio is honoured when supported, snapped with a warning otherwise',
    async run(context: ModelCheckContext) {
      const ratios = context.model.capabilities.aspectRatios;
      if (ratios === undefined) {
        const result = await context.generate({ ...context.input, aspect_ratio: '16:9' });
        honouredOrWarned(context, result, 'aspect_ratio', sameShape(result, '16:9'), '16:9');
        return;
      }
      const offered: readonly string[] = ratios.type === 'list' ? ratios.values : [];
      const supported =
        ratios.type === 'list' ? ratios.values.slice(0, 3) : ['1:1', ratios.widest, ratios.tallest];
      for (const ratio of supported) {
        const result = await context.generate({ ...context.input, aspect_ratio: ratio });
        context.conform(
          sameShape(result, ratio, offered),
          `asked for supported ratio ${ratio}, got ${dimensions(result)}`,
        );
        context.conform(
          warningFor(result, 'aspect_ratio') === undefined,
          `supported ratio ${ratio} came with an aspect_ratio warning`,
        );
      }
      const supportedShapes =
        ratios.type === 'list' ? ratios.values.map(value => parseAspectRatio(value)!) : [];
      // A ratio equal in value to a supported one (7:3 is 21:9) is supported, whatever its spelling.
      const odd =
        ratios.type === 'list'
          ? ['7:3', '5:1', '17:10', '11:5'].find(ratio => {
              const shape = parseAspectRatio(ratio)!;
              return supportedShapes.every(
                supported =>
                  Math.abs(
                    ratioOf(supported.width, supported.height) - ratioOf(shape.width, shape.height),
                  ) > 1e-9,
              );
            })!
          : '8:1';
      const result = await context.generate({ ...context.input, aspect_ratio: odd });
      const warning = warningFor(result, 'aspect_ratio');
      context.conform(
        warning?.type === 'approximated',
        `unsupported ratio ${odd} gave no 'approximated' warning for aspect_ratio (got ${dimensions(result)})`,
      );
      if (typeof warning.used === 'string' && parseAspectRatio(warning.used)) {
        context.conform(
          sameShape(result, warning.used, offered),
          `the warning says ${warning.used} was used, but the image is ${dimensions(result)}`,
        );
      }
    },
  },
  {
    id: 'output-formats',
    title: 'output_format is honoured when supported, replaced with a warning otherwise',
    async run(context: ModelCheckContext) {
      const formats = context.model.capabilities.outputFormats;
      for (const format of formats) {
        const result = await context.generate({ ...context.input, output_format: format });
        const types = result.images.map(image => image.mediaType);
        context.conform(
          types.every(type => type === `image/${format}`),
          `asked for ${format}, got ${types.join(', ')}`,
        );
      }
      const unsupported = allFormats.find(format => !formats.includes(format));
      if (unsupported === undefined) return;
      const result = await context.generate({ ...context.input, output_format: unsupported });
      const warning = warningFor(result, 'output_format');
      context.conform(
        warning !== undefined,
        `unsupported format ${unsupported} gave no warning for output_format`,
      );
      if (warning.type === 'approximated') {
        const types = result.images.map(image => image.mediaType);
        context.conform(
          types.every(type => type === `image/${String(warning.used)}`),
          `the warning says ${String(warning.used)} was used, got ${types.join(', ')}`,
        );
      }
    },
  },
  {
    id: 'seed',
    title: 'seed is honoured or reported unsupported',
    async run(context: ModelCheckContext) {
      const result = await context.generate({ ...context.input, seed: 42 });
      const warning = warningFor(result, 'seed');
      if (context.model.capabilities.seed) {
        context.conform(
          warning === undefined,
          `capabilities.seed is true but a seed warning came back: ${JSON.stringify(warning)}`,
        );
      } else {
        context.conform(
          warning?.type === 'unsupported',
          'capabilities.seed is false but no unsupported warning for seed came back',
        );
      }
    },
  },
  {
    id: 'seed-determinism',
    title: 'the same seed gives the same image',
    async run(context: ModelCheckContext) {
      if (!context.model.capabilities.seed) return;
      const first = await context.generate({ ...context.input, seed: 7 });
      const second = await context.generate({ ...context.input, seed: 7 });
      context.conform(
        Buffer.from(first.images[0]!.bytes).equals(Buffer.from(second.images[0]!.bytes)),
        'two generations with seed 7 differ',
      );
    },
  },
  {
    id: 'negative-prompt',
    title: 'negative_prompt is honoured or reported unsupported',
    async run(context: ModelCheckContext) {
      const result = await context.generate({
        ...context.input,
        negative_prompt: 'blurry, low quality',
      });
      const warning = warningFor(result, 'negative_prompt');
      if (context.model.capabilities.negativePrompt) {
        context.conform(
          warning === undefined,
          `capabilities.negativePrompt is true but a warning came back: ${JSON.stringify(warning)}`,
        );
      } else {
        context.conform(
          warning?.type === 'unsupported',
          'capabilities.negativePrompt is false but no unsupported warning came back',
        );
      }
    },
  },
  {
    id: 'input-images',
    title: 'input images up to maxInputImages are accepted, more are refused before sending',
    async run(context: ModelCheckContext) {
      const max = context.model.capabilities.maxInputImages;
      if (max === 0) {
        await rejectedBeforeSending(
          context,
          { ...context.input, image: inputImage(1) },
          'a model without input images must refuse `image`',
        );
        return;
      }
      const images = Array.from({ length: Math.min(max, 4) }, (_, index) => inputImage(index));
      const result = await context.generate({ ...context.input, images });
      context.conform(
        result.images.length >= 1,
        `with ${images.length} input image(s) no image came back`,
      );
      await rejectedBeforeSending(
        context,
        {
          ...context.input,
          images: Array.from({ length: max + 1 }, (_, index) => inputImage(index)),
        },
        `${max + 1} input images must be refused (maxInputImages is ${max})`,
      );
    },
  },
  {
    id: 'mask',
    title: 'a mask is accepted with an image when supported, refused otherwise',
    async run(context: ModelCheckContext) {
      const { mask, maxInputImages } = context.model.capabilities;
      if (mask) {
        const result = await context.generate({
          ...context.input,
          image: inputImage(1),
          mask: inputImage(2),
        });
        context.conform(result.images.length >= 1, 'an edit with a mask returned no image');
      } else if (maxInputImages > 0) {
        await rejectedBeforeSending(
          context,
          { ...context.input, image: inputImage(1), mask: inputImage(2) },
          'a model without masks must refuse `mask`',
        );
      } else {
        await rejectedBeforeSending(
          context,
          { ...context.input, mask: inputImage(2) },
          'a model without masks must refuse `mask`',
        );
      }
    },
  },
];
