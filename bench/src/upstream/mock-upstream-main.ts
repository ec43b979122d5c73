import { serveCalls } from '../process/ipc-protocol.js';
import { startMockUpstream } from './mock-upstream.js';

const upstream = await startMockUpstream();
serveCalls(
  { answered: () => upstream.answered() },
  {
    url: upstream.url,
    payloadBytes: upstream.payloadBytes,
  },
);
