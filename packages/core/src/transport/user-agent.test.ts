import { expect, it } from 'vitest';
import { VERSION } from '../version.js';
import { easelUserAgent } from './user-agent.js';

it('names the package, core and the Node version', () => {
  expect(easelUserAgent('provider-flux', '1.2.3')).toBe(
    `easel/provider-flux/1.2.3 easel/core/${VERSION} node/${process.version}`,
  );
  expect(easelUserAgent()).toBe(`easel/core/${VERSION} node/${process.version}`);
});
