import { createEasel, type Easel } from '@easel/core';
import {
  createGateway,
  type Gateway,
  type GatewayOptions,
  gatewayOptionsFromEnv,
} from '@easel/gateway';
import {
  type Environment,
  InvalidEnvironmentError,
  readPort,
  readVariable,
} from './environment/index.js';
import { registerPlayground } from './playground/index.js';
import {
  composeProviders,
  type ProviderComposition,
  type SandboxOptions,
} from './providers/index.js';

/** Options of `createDemo`. */
export interface DemoOptions {
  /** Keys and settings. Default `process.env`. */
  readonly env?: Environment;
  /** Port to listen on. Default: `PORT`, else 3000 (0 picks a free one). */
  readonly port?: number;
  /** Address to listen on. Default: `HOST`, else `127.0.0.1`. */
  readonly host?: string;
  /** The gateway's logger. Default: pino at `EASEL_LOG_LEVEL`, else `warn`. */
  readonly logger?: GatewayOptions['logger'];
  /** Settings of the sandbox simulators. */
  readonly sandbox?: SandboxOptions;
}

/** The running demo: the gateway with its playground, in front of the composed providers. */
export interface Demo {
  /** Where the gateway listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The URL to show users: `EASEL_PUBLIC_URL` when set, else `url`. */
  readonly publicUrl: string;
  readonly easel: Easel<object>;
  readonly gateway: Gateway;
  /** How each provider runs (live or sandbox). */
  readonly providers: ProviderComposition;
  /** Whether the gateway wants an API key (`EASEL_API_KEYS` is set). */
  readonly requiresApiKey: boolean;
  /** Closes the gateway gracefully (in-flight requests get `graceMs`, default 5000), then the simulators. */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Starts the demo: providers composed from the environment (sandboxed without keys), the hub,
 * the gateway configured from the environment, the playground at `/`, listening.
 *
 * @throws InvalidEnvironmentError naming a variable whose value cannot be used.
 * @example
 * const demo = await createDemo({ env: { EASEL_SANDBOX: '1' }, port: 0 });
 * await fetch(`${demo.url}/v1/models`);
 * await demo.close();
 */
export async function createDemo(options: DemoOptions = {}): Promise<Demo> {
  const env = options.env ?? process.env;
  const port = options.port ?? readPort(env, 'PORT') ?? 3000;
  const host = options.host ?? readVariable(env, 'HOST') ?? '127.0.0.1';
  const logger = options.logger ?? { level: readLogLevel(env) };
  const gatewayOptions = gatewayOptionsFromEnv(env);
  const providers = await composeProviders({ env, sandbox: options.sandbox });
  let gateway: Gateway | undefined;
  try {
    const easel = createEasel({ providers: providers.providers });
    gateway = await createGateway({
      ...gatewayOptions,
      easel,
      sandboxProviders: providers.sandboxProviders,
      logger,
    });
    const requiresApiKey = (gatewayOptions.apiKeys?.length ?? 0) > 0;
    registerPlayground(gateway.app, {
      easel,
      sandboxProviders: providers.sandboxProviders,
      requiresApiKey,
      publicUrl: gatewayOptions.publicUrl,
    });
    const url = await gateway.listen({ port, host });
    const running = gateway;
    return {
      url,
      publicUrl: gatewayOptions.publicUrl ?? url,
      easel,
      gateway: running,
      providers,
      requiresApiKey,
      async close(closeOptions = {}) {
        try {
          await running.close({ graceMs: closeOptions.graceMs ?? 5000 });
        } finally {
          await providers.close();
        }
      },
    };
  } catch (error) {
    await gateway?.close({ graceMs: 0 }).catch(() => undefined);
    await providers.close();
    throw error;
  }
}

function readLogLevel(env: Environment): string {
  const level = readVariable(env, 'EASEL_LOG_LEVEL')?.trim().toLowerCase() ?? 'warn';
  if (!logLevels.includes(level)) {
    throw new InvalidEnvironmentError(
      'EASEL_LOG_LEVEL',
      `must be one of ${logLevels.join(', ')}, received ${JSON.stringify(env.EASEL_LOG_LEVEL)}`,
    );
  }
  return level;
}
