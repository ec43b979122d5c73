import { readImageMetadata } from '@easel/core';
import type { ModelCheck } from '../conformance-check.js';
import type { ModelCheckContext } from '../conformance-context.js';

const warningTypes = new Set(['unsupported', 'approximated', 'other']);

export const generateChecks: readonly ModelCheck[] = [
  {
    id: 'generate',
    title: 'generates real images with a well-formed result',
    async run(context: ModelCheckContext) {
      const { generate, input, model } = context;
      const conform: ModelCheckContext['conform'] = context.conform;
      const result = await generate(input);
      conform(result.images.length >= 1, 'the result has no images');
      for (const [index, image] of result.images.entries()) {
        const sniffed = readImageMetadata(image.bytes);
        conform(
          sniffed !== undefined,
          `image ${index} is not a PNG, JPEG, WebP or GIF (${image.byteLength} bytes)`,
        );
        conform(
          image.mediaType === sniffed.mediaType,
          `image ${index} says it is ${image.mediaType} but its bytes are ${sniffed.mediaType}`,
        );
        conform(
          image.width !== undefined && image.height !== undefined,
          `image ${index} has no readable size`,
        );
      }
      for (const warning of result.warnings) {
        conform(
          warningTypes.has(warning.type),
          `warning ${JSON.stringify(warning)} has an unknown type`,
        );
      }
      conform(result.responses.length >= 1, 'the result has no response info');
      for (const response of result.responses) {
        conform(
          response.modelId === model.modelId,
          `response.modelId is "${response.modelId}", expected "${model.modelId}"`,
        );
        conform(
          response.timestamp instanceof Date && !Number.isNaN(response.timestamp.getTime()),
          'response.timestamp must be a valid Date',
        );
      }
    },
  },
  {
    id: 'headers',
    title: 'sends the settings and call headers and an Easel User-Agent',
    async run(context: ModelCheckContext) {
      const { generate, input, suite } = context;
      const conform: ModelCheckContext['conform'] = context.conform;
      await generate(
        input,
        { headers: { 'x-conformance-call': 'call' } },
        { headers: { 'x-conformance-settings': 'settings' } },
      );
      const paid = suite.paidRequests();
      conform(paid.length > 0, 'no paid request reached the simulator (is `paidRequest` right?)');
      const headers = paid[0]!.headers;
      conform(
        headers['x-conformance-settings'] === 'settings',
        'the `headers` setting was not sent',
      );
      conform(headers['x-conformance-call'] === 'call', 'the `headers` call option was not sent');
      conform(
        /^easel\//.test(headers['user-agent'] ?? ''),
        `User-Agent must start with easel/, got "${headers['user-agent']}"`,
      );
    },
  },
];
