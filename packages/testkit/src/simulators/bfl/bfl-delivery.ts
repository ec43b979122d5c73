import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { synthesizeImage } from '../../images/index.js';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/index.js';
import {
  authenticationFailed,
  azureStorageError,
  azureStorageVersion,
} from './azure-storage-error.js';
import type { SimulatedBflJob } from './bfl-job.js';

const samplePath = /^\/results\/([0-9a-f-]{36})\/sample\.(jpeg|png|webp)$/;
const signaturePattern = /^[0-9a-f]{64}$/i;
const mediaTypes = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

/**
 * The delivery origin, standing in for BFL's Azure blob host: signed sample URLs
 * `<origin>/results/<id>/sample.<ext>?se=<expiry, unix seconds>&sig=<hex HMAC-SHA256>` that need no
 * API key, rendered when downloaded, and refused with Azure's XML `AuthenticationFailed` (403)
 * once tampered with or expired.
 *
 * `se` is rounded up to whole seconds for the URL; the simulator enforces the exact millisecond
 * expiry it holds for the job (`readyAt + resultTtlMs`), so short TTLs work in tests.
 */
export class BflDelivery {
  readonly #secret = randomBytes(32);
  readonly #findJob: (id: string) => SimulatedBflJob | undefined;

  /** @param findJob Looks a job up by id. */
  constructor(findJob: (id: string) => SimulatedBflJob | undefined) {
    this.#findJob = findJob;
  }

  /** The signed URL of a Ready job's sample, under the delivery origin. */
  sampleUrl(job: SimulatedBflJob, origin: string): string {
    const path = `/results/${job.id}/sample.${job.outputFormat}`;
    const expiry = String(Math.ceil(job.sampleExpiresAt / 1000));
    return `${origin}${path}?${new URLSearchParams({ se: expiry, sig: this.#sign(path, expiry) })}`;
  }

  /** Answers a request on the delivery origin. */
  serve(request: SimulatorRequest): SimulatorResponse {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return azureStorageError(
        405,
        'UnsupportedHttpVerb',
        'The resource doesn\u2019t support specified Http Verb.',
      );
    }
    const match = samplePath.exec(request.path);
    if (match === null) {
      return azureStorageError(404, 'ResourceNotFound', 'The specified resource does not exist.');
    }
    const expiry = request.query.get('se');
    const signature = request.query.get('sig');
    if (expiry === null || signature === null || !/^\d+$/.test(expiry)) {
      return authenticationFailed('Signature fields not well formed.');
    }
    if (!this.#verify(request.path, expiry, signature)) {
      return authenticationFailed('Signature did not match.');
    }
    const job = this.#findJob(match[1]!);
    if (job === undefined || job.outputFormat !== match[2] || job.outcome !== 'Ready') {
      return azureStorageError(404, 'BlobNotFound', 'The specified blob does not exist.');
    }
    const now = Date.now();
    const expiresAt = Math.min(Number(expiry) * 1000, job.sampleExpiresAt);
    if (now >= expiresAt) {
      return authenticationFailed(
        `Signed expiry time [${new Date(expiresAt).toUTCString()}] must be after signed start time [${new Date(now).toUTCString()}]`,
      );
    }
    return {
      headers: {
        'content-type': mediaTypes[job.outputFormat],
        'last-modified': new Date(job.readyAt).toUTCString(),
        'x-ms-request-id': randomUUID(),
        'x-ms-version': azureStorageVersion,
        'x-ms-blob-type': 'BlockBlob',
      },
      body: synthesizeImage({
        width: job.width,
        height: job.height,
        format: job.outputFormat,
        seed: job.seed,
        prompt: job.prompt,
      }),
    };
  }

  #sign(path: string, expiry: string): string {
    return createHmac('sha256', this.#secret).update(`${path}\n${expiry}`).digest('hex');
  }

  #verify(path: string, expiry: string, signature: string): boolean {
    if (!signaturePattern.test(signature)) return false;
    return timingSafeEqual(
      Buffer.from(this.#sign(path, expiry), 'hex'),
      Buffer.from(signature, 'hex'),
    );
  }
}
