import type { SimulatorRequest } from '../../simulator/simulator-request.js';

/** The optional headers that identify the calling application, user and version. */
export const clientHeaderNames: readonly string[] = [
  'stability-client-id',
  'stability-client-user-id',
  'stability-client-version',
];

const longestClientHeader = 256;

/**
 * Checks the optional `stability-client-*` headers: each at most 256 characters.
 *
 * @returns One 400 message per header that is too long, in `clientHeaderNames` order.
 */
export function findClientHeaderProblems(
  request: Pick<SimulatorRequest, 'headers'>,
): readonly string[] {
  return clientHeaderNames.flatMap(name => {
    const length = [...(request.headers[name] ?? '')].length;
    return length > longestClientHeader
      ? [`${name}: must be at most ${longestClientHeader} characters, got ${length}`]
      : [];
  });
}
