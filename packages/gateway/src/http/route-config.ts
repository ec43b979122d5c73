/** What a route takes as its body. */
export type RouteBody = 'none' | 'json' | 'json-or-multipart';

/** Per-route settings the gateway's hooks read (`config` of a Fastify route). */
export interface GatewayRouteConfig {
  /** Error body shape: the gateway's `{error:{code,message,details}}` (default) or OpenAI's. */
  readonly errorShape?: 'gateway' | 'openai';
  /** Body the route accepts; others are refused with 415 before the body is read. Default `none`. */
  readonly body?: RouteBody;
  /** Served without a gateway key (health checks, capability URLs of files). */
  readonly public?: boolean;
}

/** Read the gateway's settings from a Fastify route config. */
export function routeConfigOf(config: unknown): GatewayRouteConfig {
  return typeof config === 'object' && config !== null ? (config as GatewayRouteConfig) : {};
}
