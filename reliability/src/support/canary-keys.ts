/**
 * The canary secrets of the whole suite (S2). Every provider the suite creates uses
 * `canaryProviderKey`, every gateway accepts `canaryGatewayKey`, and every client sends it; neither
 * may ever appear in anything the suite sees: log lines, response bodies and headers, `/metrics`,
 * error messages, a child process's output.
 */
export const canaryProviderKey = 'sk-canary-provider-4f1e9a7c2b5d8063';

/** The gateway key of every gateway in the suite (see `canaryProviderKey`). */
export const canaryGatewayKey = 'gw-canary-gateway-9d3b6e0a7c1f5248';

/** Both canaries, for scanning. */
export const canaryKeys: readonly string[] = [canaryProviderKey, canaryGatewayKey];

/** The `Authorization` header of the suite's clients. */
export const gatewayAuthorization = { authorization: `Bearer ${canaryGatewayKey}` } as const;

/**
 * Where each canary occurs in `text`: the canary, and the surrounding characters (with the canary
 * itself masked, so a failure message does not print it in full either).
 */
export function findCanaries(text: string): Array<{ canary: string; context: string }> {
  const found: Array<{ canary: string; context: string }> = [];
  for (const canary of canaryKeys) {
    for (let index = text.indexOf(canary); index !== -1; index = text.indexOf(canary, index + 1)) {
      const context = text
        .slice(Math.max(0, index - 80), index + canary.length + 80)
        .replaceAll(canary, `${canary.slice(0, 6)}…`);
      found.push({ canary: `${canary.slice(0, 6)}…`, context });
    }
  }
  return found;
}
