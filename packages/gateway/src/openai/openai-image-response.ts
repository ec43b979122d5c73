import type { GenerateResult } from '@easel/core';
import type { FastifyReply } from 'fastify';
import type { FileRepository } from '../files/file-repository.js';
import { SplicedJson } from '../http/spliced-json.js';
import { fileUrl } from '../predictions/prediction-view.js';

/** `response_format` of OpenAI's image endpoints. */
export type ResponseFormat = 'b64_json' | 'url';

const formats: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

function usageOf(result: GenerateResult): Record<string, unknown> | undefined {
  const usage = result.usage;
  if (usage === undefined) return undefined;
  const json: Record<string, unknown> = {};
  if (usage.inputTokens !== undefined) json.input_tokens = usage.inputTokens;
  if (usage.outputTokens !== undefined) json.output_tokens = usage.outputTokens;
  if (usage.totalTokens !== undefined) json.total_tokens = usage.totalTokens;
  if (usage.inputTextTokens !== undefined || usage.inputImageTokens !== undefined) {
    json.input_tokens_details = {
      ...(usage.inputTextTokens === undefined ? {} : { text_tokens: usage.inputTextTokens }),
      ...(usage.inputImageTokens === undefined ? {} : { image_tokens: usage.inputImageTokens }),
    };
  }
  return Object.keys(json).length === 0 ? undefined : json;
}

/**
 * Send OpenAI's image response, `{ created, data: [{ b64_json | url, revised_prompt }], usage }`,
 * on `reply` (see `SplicedJson`). `b64_json` is the provider's own base64 when it sent some,
 * spliced in without being re-serialised: its bytes in the provider's response body when the
 * adapter handed them over that way, so that a large answer goes out as a short head, those very
 * bytes and a short tail, without ever becoming a string. `url` stores the image as a file first.
 * Easel's warnings ride along in an extra `warnings` field when there are any.
 */
export async function sendOpenAIImageResponse(
  reply: FastifyReply,
  result: GenerateResult,
  format: ResponseFormat,
  files: FileRepository,
  baseUrl: string,
): Promise<FastifyReply> {
  const json = new SplicedJson();
  const data = await Promise.all(
    result.images.map(async image => {
      const entry: Record<string, unknown> =
        format === 'url'
          ? { url: fileUrl(baseUrl, (await files.put(image)).id) }
          : { b64_json: json.placeholder(image.base64Bytes ?? image.base64) };
      if (image.revisedPrompt !== undefined) entry.revised_prompt = image.revisedPrompt;
      return entry;
    }),
  );
  const first = result.images[0];
  const body: Record<string, unknown> = { created: Math.floor(Date.now() / 1000), data };
  const outputFormat = first === undefined ? undefined : formats[first.mediaType];
  if (outputFormat !== undefined) body.output_format = outputFormat;
  if (first?.width !== undefined && first.height !== undefined) {
    body.size = `${first.width}x${first.height}`;
  }
  const usage = usageOf(result);
  if (usage !== undefined) body.usage = usage;
  if (result.warnings.length > 0) body.warnings = result.warnings;
  return json.send(reply, body);
}
