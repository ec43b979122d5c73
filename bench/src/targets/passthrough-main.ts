import { serveCalls } from '../process/ipc-protocol.js';
import { startPassthroughProxy } from './passthrough-proxy.js';

const [upstreamUrl, pathPrefix] = process.argv.slice(2);
if (upstreamUrl === undefined || pathPrefix === undefined) {
  throw new Error('usage: passthrough-main.js <upstreamUrl> <pathPrefix>');
}
const proxy = await startPassthroughProxy({ upstreamUrl, pathPrefix });
serveCalls({}, { url: proxy.url });
