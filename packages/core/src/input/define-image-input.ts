import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import type { ImageModelV1Capabilities } from '../image-model/v1/image-model-v1-capabilities.js';
import {
  type CommonFieldName,
  type CommonImageInput,
  commonInputShape,
  type ValidatedCommonInput,
} from './common-input.js';
import type { ImageSource } from './image-source.js';

/**
 * A native field that means the same as a common field (e.g. Imagen's `numberOfImages` is `n`).
 * It is folded into the common field at validation, so the hub and the adapter see one name.
 * `index` places an image alias at a position of `images` (FLUX's `input_image_2` is index 1).
 */
export type InputAlias =
  | CommonFieldName
  | {
      readonly field: CommonFieldName;
      readonly index?: number;
      /** Convert the native value (after its own schema) to the common form. */
      readonly convert?: (value: never) => unknown;
    };

/** Reports a model-specific problem from `check`. */
export interface InputCheckContext {
  addIssue(issue: { path: ReadonlyArray<string | number>; message: string }): void;
}

/** What `defineImageInput` takes. */
export interface ImageInputDefinition<
  NATIVE extends z.ZodRawShape,
  ALIASES extends { readonly [K in keyof NATIVE]?: InputAlias },
  CAPABILITIES extends ImageModelV1Capabilities,
> {
  /** The model's capabilities; prompt length, image counts and mask support are read from here. */
  readonly capabilities: CAPABILITIES;
  /**
   * The provider's own fields, each with its zod schema (use `.optional()` unless required). A
   * field named like a common field replaces the common definition (e.g. a narrower `size`).
   */
  readonly native?: NATIVE;
  /** Native fields that are aliases of common fields. */
  readonly aliases?: ALIASES;
  /** Cross-field rules of this model (e.g. `aspect_ratio` and `resolution` are exclusive). */
  readonly check?: (input: Record<string, unknown>, context: InputCheckContext) => void;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type PromptInput<CAPABILITIES> = CAPABILITIES extends { readonly promptRequired: false }
  ? { prompt?: string }
  : { prompt: string };

type NativeInput<NATIVE extends z.ZodRawShape> = [keyof NATIVE] extends [never]
  ? unknown
  : z.input<z.ZodObject<NATIVE>>;

type NativeOutput<NATIVE extends z.ZodRawShape> = [keyof NATIVE] extends [never]
  ? unknown
  : z.output<z.ZodObject<NATIVE>>;

/** The input type callers write for a model defined with `defineImageInput`. */
export type ImageInput<NATIVE extends z.ZodRawShape, CAPABILITIES> = Simplify<
  Omit<CommonImageInput, keyof NATIVE | 'prompt'> &
    ('prompt' extends keyof NATIVE ? unknown : PromptInput<CAPABILITIES>) &
    NativeInput<NATIVE>
>;

/** The validated input `doGenerate` receives: common names canonical, aliases folded. */
export type ValidatedImageInput<NATIVE extends z.ZodRawShape, ALIASES> = Simplify<
  Omit<ValidatedCommonInput, keyof NATIVE> & Omit<NativeOutput<NATIVE>, keyof ALIASES>
>;

/** The schema `defineImageInput` returns. */
export type ImageInputSchema<INPUT, OUTPUT> = $ZodType<OUTPUT, INPUT> & z.ZodType<OUTPUT, INPUT>;

function aliasTarget(alias: InputAlias): {
  field: CommonFieldName;
  index?: number;
  convert?: (value: never) => unknown;
} {
  return typeof alias === 'string' ? { field: alias } : alias;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  try {
    return JSON.stringify(left) === JSON.stringify(right);
  } catch {
    return false;
  }
}

/**
 * Build a model's input schema: its native fields merged with the common vocabulary, strict
 * (unknown keys fail with a "did you mean"), constrained by its capabilities, with native aliases
 * of common fields folded into them and conflicting fields rejected.
 */
export function defineImageInput<
  const CAPABILITIES extends ImageModelV1Capabilities,
  NATIVE extends z.ZodRawShape = Record<never, never>,
  const ALIASES extends { readonly [K in keyof NATIVE]?: InputAlias } = Record<never, never>,
>(
  definition: ImageInputDefinition<NATIVE, ALIASES, CAPABILITIES>,
): ImageInputSchema<ImageInput<NATIVE, CAPABILITIES>, ValidatedImageInput<NATIVE, ALIASES>> {
  const { capabilities } = definition;
  const native = (definition.native ?? {}) as z.ZodRawShape;
  const aliases = Object.entries((definition.aliases ?? {}) as Record<string, InputAlias>);

  let prompt = commonInputShape.prompt;
  if (capabilities.promptMaxLength !== undefined) prompt = prompt.max(capabilities.promptMaxLength);
  const common: Record<string, z.ZodType> = {
    ...commonInputShape,
    prompt: capabilities.promptRequired === false ? prompt.optional() : prompt,
  };
  const shape: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(common)) {
    shape[name] = name === 'prompt' ? schema : schema.optional();
  }
  Object.assign(shape, native);

  const object = z.strictObject(shape).check(context => {
    const value = context.value as Record<string, unknown>;
    const addIssue = (issue: { path: ReadonlyArray<string | number>; message: string }) => {
      context.issues.push({
        code: 'custom',
        message: issue.message,
        path: [...issue.path],
        input: value,
        params: { crossField: true },
      });
    };

    if (value.image !== undefined && value.images !== undefined) {
      addIssue({ path: ['images'], message: 'give either image or images, not both' });
    }
    for (const [name, alias] of aliases) {
      if (value[name] === undefined) continue;
      const target = aliasTarget(alias);
      if (target.field === 'images' || target.field === 'image') continue;
      const common = value[target.field];
      const converted = target.convert ? target.convert(value[name] as never) : value[name];
      if (common !== undefined && !sameValue(common, converted)) {
        addIssue({
          path: [name],
          message: `${name} and ${target.field} mean the same and disagree (${JSON.stringify(value[name])} vs ${JSON.stringify(common)}); give one`,
        });
      }
    }

    const imageCount =
      (value.image === undefined ? 0 : 1) +
      (Array.isArray(value.images) ? value.images.length : 0) +
      aliases.filter(
        ([name, alias]) =>
          value[name] !== undefined && ['image', 'images'].includes(aliasTarget(alias).field),
      ).length;
    if (imageCount > 0 && capabilities.maxInputImages === 0) {
      addIssue({
        path: [value.images === undefined ? 'image' : 'images'],
        message: 'this model does not accept input images',
      });
    } else if (imageCount > capabilities.maxInputImages) {
      addIssue({
        path: ['images'],
        message: `at most ${capabilities.maxInputImages} input images, received ${imageCount}`,
      });
    }
    if (value.mask !== undefined) {
      if (!capabilities.mask)
        addIssue({ path: ['mask'], message: 'this model does not accept a mask' });
      else if (imageCount === 0)
        addIssue({ path: ['mask'], message: 'a mask needs an input image' });
    }
    definition.check?.(value, { addIssue });
  });

  const schema = object.transform(parsed => {
    const result: Record<string, unknown> = { ...parsed };
    const images: ImageSource[] = [];
    if (result.image !== undefined) images.push(result.image as ImageSource);
    if (Array.isArray(result.images)) images.push(...(result.images as ImageSource[]));
    delete result.image;
    for (const [name, alias] of aliases) {
      const value = result[name];
      delete result[name];
      if (value === undefined) continue;
      const target = aliasTarget(alias);
      const converted = target.convert ? target.convert(value as never) : value;
      if (target.field === 'images' || target.field === 'image') {
        const index = target.index ?? images.length;
        images.splice(Math.min(index, images.length), 0, converted as ImageSource);
      } else if (result[target.field] === undefined) {
        result[target.field] = converted;
      }
    }
    if (images.length > 0) result.images = images;
    else delete result.images;
    return result;
  });
  return schema as unknown as ImageInputSchema<
    ImageInput<NATIVE, CAPABILITIES>,
    ValidatedImageInput<NATIVE, ALIASES>
  >;
}
