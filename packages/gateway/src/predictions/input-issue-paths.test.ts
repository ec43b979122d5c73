import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../__fixtures__/gateway-harness.js';
import { call, type ErrorBody } from '../__fixtures__/http-client.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

const create = (input: Record<string, unknown>) =>
  call<ErrorBody>('POST', `${harness.url}/v1/models/reference/ref-sync/predictions`, {
    body: { input },
  });

const paths = (body: ErrorBody) =>
  (body.error.details.issues as Array<{ path: Array<string | number> }>).map(issue => issue.path);

it('names input issues by their path in the body, whether they surface before or after I/O', async () => {
  // Refused before any I/O (a loopback URL outside the allowlist)…
  const early = await create({ prompt: 'a deer', image: 'https://127.0.0.1/deer.png' });
  // …and only once the download answered (an allowlisted URL that is not there).
  const late = await create({ prompt: 'a deer', image: `${harness.simulator.url}/missing.png` });
  for (const { status, body } of [early, late]) {
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(paths(body)).toEqual([['input', 'images', 0]]);
    expect(body.error.message).toContain('input.images[0]');
  }
});
