import { inspect } from 'node:util';
import { createEasel, inputJsonSchema, MissingApiKeyError } from '@easel/core';
import { capabilitiesSchema } from '../capabilities-schema.js';
import type { ProviderCheck } from '../conformance-check.js';
import { conform, describeThrown } from '../conformance-error.js';

/** Everything a thrown value can show: message, stack, JSON, inspect output, causes. */
function renderings(error: unknown, depth = 0): string[] {
  if (error === null || error === undefined || depth > 4) return [];
  const texts = [inspect(error, { depth: 8, showHidden: true })];
  try {
    texts.push(JSON.stringify(error) ?? '');
  } catch {
    texts.push('');
  }
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? '');
    texts.push(...renderings((error as { cause?: unknown }).cause, depth + 1));
  }
  return texts;
}

export const providerChecks: readonly ProviderCheck[] = [
  {
    id: 'spec',
    title: 'implements specification v1',
    async run(suite) {
      const provider = suite.provider();
      const where = `[${String(provider.id)}] implements specification v1: `;
      conform(
        provider.specificationVersion === 'v1',
        `${where}provider.specificationVersion is ${String(provider.specificationVersion)}, expected "v1"`,
      );
      conform(
        typeof provider.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(provider.id),
        `${where}provider.id must be lower-case letters, digits and dashes`,
      );
      conform(
        Array.isArray(provider.modelIds) && provider.modelIds.length > 0,
        `${where}provider.modelIds must list at least one model`,
      );
      conform(
        new Set(provider.modelIds).size === provider.modelIds.length,
        `${where}provider.modelIds has duplicates`,
      );
      for (const modelId of provider.modelIds) {
        const model = provider.imageModel(modelId);
        const at = `${where}model ${modelId}: `;
        conform(
          model.specificationVersion === 'v1',
          `${at}specificationVersion is ${String(model.specificationVersion)}, expected "v1"`,
        );
        conform(
          model.provider === provider.id,
          `${at}provider is "${model.provider}", expected "${provider.id}"`,
        );
        conform(model.modelId === modelId, `${at}modelId is "${model.modelId}"`);
        conform(
          Array.isArray(model.aliases) &&
            model.aliases.every(alias => typeof alias === 'string' && alias.length > 0),
          `${at}aliases must be non-empty strings`,
        );
        const capabilities = capabilitiesSchema.safeParse(model.capabilities);
        conform(
          capabilities.success,
          `${at}capabilities are invalid: ${capabilities.error?.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
        conform(
          typeof model.inputSchema === 'object' &&
            model.inputSchema !== null &&
            '_zod' in model.inputSchema,
          `${at}inputSchema must be a zod v4 schema`,
        );
        const json = inputJsonSchema(model.inputSchema) as {
          type?: string;
          properties?: Record<string, unknown>;
        };
        conform(
          json.type === 'object' && json.properties !== undefined,
          `${at}the input JSON Schema must describe an object`,
        );
        conform(
          'prompt' in (json.properties ?? {}),
          `${at}the input must accept the common field "prompt"`,
        );
        conform(typeof model.doGenerate === 'function', `${at}doGenerate is missing`);
        if (model.capabilities.execution === 'async') {
          conform(
            typeof model.submit === 'function' && typeof model.poll === 'function',
            `${at}asynchronous models must implement submit and poll (resumable jobs)`,
          );
        }
        if (model.capabilities.cancel)
          conform(
            typeof model.cancel === 'function',
            `${at}capabilities.cancel is true but cancel is missing`,
          );
      }
    },
  },
  {
    id: 'hub',
    title: 'registers in the hub under every path',
    async run(suite) {
      const provider = suite.provider();
      const easel = createEasel({ providers: [provider] });
      for (const modelId of provider.modelIds) {
        const model = provider.imageModel(modelId);
        for (const path of [`${provider.id}/${modelId}`, modelId, ...model.aliases]) {
          let resolved: string | undefined;
          try {
            resolved = easel.describe(path).path;
          } catch (error) {
            conform(
              false,
              `[${provider.id}] registers in the hub: path "${path}" does not resolve: ${describeThrown(error)}`,
            );
          }
          conform(
            resolved === `${provider.id}/${modelId}`,
            `[${provider.id}] registers in the hub: path "${path}" resolves to ${resolved}, expected ${provider.id}/${modelId}`,
          );
        }
      }
    },
  },
  {
    id: 'missing-key',
    title: 'a missing key is a MissingApiKeyError naming the option and the variables',
    async run(suite) {
      const saved = new Map(
        suite.options.apiKeyEnvironmentVariables.map(name => [name, process.env[name]]),
      );
      for (const name of saved.keys()) delete process.env[name];
      try {
        let provider: ReturnType<typeof suite.provider>;
        try {
          provider = suite.provider({ apiKey: undefined });
        } catch (error) {
          conform(
            false,
            `[missing key] creating the provider without a key must not throw (read the key lazily), but it threw ${describeThrown(error)}`,
          );
        }
        const modelId = suite.options.models?.[0] ?? provider.modelIds[0]!;
        const easel = createEasel({ providers: [provider] });
        const before = suite.simulator.requests.length;
        let error: unknown;
        try {
          await easel.generate(`${provider.id}/${modelId}`, { prompt: 'a red fox' } as never, {
            timeoutMs: 10_000,
          });
        } catch (thrown) {
          error = thrown;
          suite.errors.push(thrown);
        }
        conform(
          MissingApiKeyError.isInstance(error),
          `[missing key] generating without a key must throw MissingApiKeyError, got ${error === undefined ? 'a result' : describeThrown(error)}`,
        );
        for (const name of suite.options.apiKeyEnvironmentVariables) {
          conform(
            error.message.includes(name),
            `[missing key] the message must name ${name}: "${error.message}"`,
          );
        }
        conform(
          suite.simulator.requests.length === before,
          '[missing key] no request may be sent without a key',
        );
      } finally {
        for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
      }
    },
  },
  {
    id: 'secrets',
    title: 'no error ever contains the API key',
    async run(suite) {
      const provider = suite.provider({ retry: false });
      const modelId = suite.options.models?.[0] ?? provider.modelIds[0]!;
      suite.simulator.inject({
        times: 1,
        fault: {
          type: 'respond',
          status: 401,
          headers: { 'content-type': 'application/json' },
          body: {
            error: {
              message: `Incorrect API key provided: ${suite.canaryKey}`,
              code: 'invalid_api_key',
            },
          },
        },
      });
      try {
        await createEasel({ providers: [provider] }).generate(
          `${provider.id}/${modelId}`,
          { prompt: 'a red fox' } as never,
          { timeoutMs: 10_000 },
        );
        conform(false, '[secrets] a 401 answer must be an error');
      } catch (error) {
        suite.errors.push(error);
      }
      conform(suite.errors.length > 0, '[secrets] no errors were collected to scan');
      for (const error of suite.errors) {
        const leaked = renderings(error).some(text => text.includes(suite.canaryKey));
        conform(
          !leaked,
          `[secrets] an error contains the API key: ${describeThrown(error).replaceAll(suite.canaryKey, '<the key>')}`,
        );
      }
    },
  },
];
