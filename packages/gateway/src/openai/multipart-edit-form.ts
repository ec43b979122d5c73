import type { FastifyRequest } from 'fastify';
import { GatewayError } from '../http/gateway-error.js';

/** An edit request read from `multipart/form-data`. */
export interface EditForm {
  /** Text fields; a repeated field (or `name[]`) becomes a list. */
  readonly fields: Record<string, string | string[]>;
  /** `image`, `image[]`, `images`, `images[]` parts, in order. */
  readonly images: Buffer[];
  readonly mask: Buffer | undefined;
}

const imageFields = new Set(['image', 'image[]', 'images', 'images[]']);

function tooLarge(limit: number): GatewayError {
  return new GatewayError({
    status: 413,
    code: 'body_too_large',
    message: `The request body is larger than the gateway's limit of ${limit} bytes.`,
    details: { limitBytes: limit },
  });
}

/**
 * Read an OpenAI image-edit form: files `image` (one or repeated, also as `image[]`) and
 * `mask`, plus text fields. Each file is read into one Buffer (passed to the provider as is);
 * the whole body is capped at `bodyBytes`, counted while reading.
 */
export async function readEditForm(request: FastifyRequest, bodyBytes: number): Promise<EditForm> {
  const fields: Record<string, string | string[]> = {};
  const images: Buffer[] = [];
  let mask: Buffer | undefined;
  let total = 0;
  const parts = request.parts({
    limits: { fileSize: bodyBytes, fieldSize: 1024 * 1024, fields: 100, files: 32, parts: 200 },
  });
  for await (const part of parts) {
    total += part.fieldname.length;
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      total += bytes.byteLength;
      if (total > bodyBytes) throw tooLarge(bodyBytes);
      if (imageFields.has(part.fieldname)) images.push(bytes);
      else if (part.fieldname === 'mask') mask = bytes;
      else {
        throw new GatewayError({
          status: 400,
          code: 'invalid_input',
          message: `Unexpected file field "${part.fieldname}"; files go in "image" (or "image[]") and "mask".`,
          param: part.fieldname,
        });
      }
      continue;
    }
    if (part.valueTruncated) throw tooLarge(bodyBytes);
    const value = String(part.value);
    total += value.length;
    if (total > bodyBytes) throw tooLarge(bodyBytes);
    const name = part.fieldname.endsWith('[]') ? part.fieldname.slice(0, -2) : part.fieldname;
    const previous = fields[name];
    if (previous === undefined) fields[name] = part.fieldname.endsWith('[]') ? [value] : value;
    else fields[name] = [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { fields, images, mask };
}
