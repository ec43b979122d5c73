import { VERSION } from '../version.js';

/**
 * The User-Agent Easel sends: `easel/<package>/<version>`, followed by core's own entry and the
 * Node version, e.g. `easel/provider-openai/1.2.0 easel/core/1.0.0 node/v20.20.2`.
 */
export function easelUserAgent(packageName?: string, packageVersion?: string): string {
  const core = `easel/core/${VERSION}`;
  const runtime = `node/${process.version}`;
  if (packageName === undefined || packageName === 'core') return `${core} ${runtime}`;
  return `easel/${packageName}/${packageVersion ?? '0.0.0'} ${core} ${runtime}`;
}
