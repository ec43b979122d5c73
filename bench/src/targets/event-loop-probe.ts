/**
 * Loaded with `node --import` into every system under test (ours and third-party servers alike):
 * measures event-loop delay with `perf_hooks.monitorEventLoopDelay` inside that process and answers
 * the orchestrator's `probe:*` calls over the IPC channel.
 *
 * - `probe:reset`: clears the delay histogram (call it when a measured run starts);
 * - `probe:read`: the delay percentiles since the last reset (ms) and `process.memoryUsage()` (MiB).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type CallMessage, probeMethodPrefix } from '../process/ipc-protocol.js';

/** Sampling interval of the delay monitor, ms (Node's default). */
const resolutionMs = 10;

const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
histogram.enable();

const nanosecondsPerMs = 1e6;
const bytesPerMiB = 1024 * 1024;

process.on('message', (message: CallMessage) => {
  if (message?.type !== 'call' || !message.method.startsWith(probeMethodPrefix)) return;
  const reply = (result: unknown) => process.send?.({ type: 'reply', id: message.id, result });
  if (message.method === 'probe:reset') {
    histogram.reset();
    reply(null);
  } else if (message.method === 'probe:read') {
    const memory = process.memoryUsage();
    reply({
      eventLoopDelay: {
        p50: histogram.percentile(50) / nanosecondsPerMs,
        p90: histogram.percentile(90) / nanosecondsPerMs,
        p99: histogram.percentile(99) / nanosecondsPerMs,
        max: histogram.max / nanosecondsPerMs,
        mean: histogram.mean / nanosecondsPerMs,
        samples: histogram.count,
        resolutionMs,
      },
      memoryMiB: {
        rss: memory.rss / bytesPerMiB,
        heapUsed: memory.heapUsed / bytesPerMiB,
        external: memory.external / bytesPerMiB,
        arrayBuffers: memory.arrayBuffers / bytesPerMiB,
      },
    });
  } else {
    process.send?.({
      type: 'failure',
      id: message.id,
      message: `unknown method ${message.method}`,
    });
  }
});
// The probe's listener must not keep a finished process alive, and no server outlives the run.
process.channel?.unref();
process.on('disconnect', () => process.exit(0));
// Exit normally on SIGTERM, so that `--cpu-prof` profiles get written.
process.once('SIGTERM', () => process.exit(0));
