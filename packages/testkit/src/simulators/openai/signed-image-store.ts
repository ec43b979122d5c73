import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { synthesizeImage } from '../../images/index.js';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/index.js';

/** What a stored DALL·E result is re-synthesised from. */
export interface StoredImage {
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly prompt: string;
}

/** The path prefix of DALL·E result URLs, under the simulator's base URL. */
export const signedImagePathPrefix = '/v1/dalle/';

const pathPattern = /^\/v1\/dalle\/(img-[0-9a-f]{24})\.png$/;
const storageVersion = '2021-08-06';

/**
 * Where DALL·E `url` results live: like OpenAI's Azure blob storage, each URL carries a signed
 * expiry (`se`, ISO 8601) and a signature (`sig`, HMAC-SHA256 in hex), needs no API key, and
 * answers 403 `AuthenticationFailed` in XML once expired or tampered with.
 */
export class SignedImageStore {
  readonly #images = new Map<string, StoredImage>();
  readonly #secret = randomBytes(32);
  readonly #ttlMs: number;

  /** @param ttlMs How long each URL stays valid, in milliseconds. */
  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** Stores an image and returns its signed URL under `baseUrl`. */
  put(image: StoredImage, baseUrl: string): string {
    const id = `img-${randomBytes(12).toString('hex')}`;
    this.#images.set(id, image);
    const path = `${signedImagePathPrefix}${id}.png`;
    const expiry = new Date(Date.now() + this.#ttlMs).toISOString();
    const query = new URLSearchParams({
      se: expiry,
      sp: 'r',
      sv: storageVersion,
      sr: 'b',
      rsct: 'image/png',
      sig: this.#sign(path, expiry),
    });
    return `${baseUrl}${path}?${query.toString()}`;
  }

  /** Whether a request is for this store (a `GET` under the DALL·E path). */
  handles(request: SimulatorRequest): boolean {
    return request.method === 'GET' && request.path.startsWith(signedImagePathPrefix);
  }

  /** Answers a `GET` for a stored image: the PNG, or Azure's XML error. */
  serve(request: SimulatorRequest): SimulatorResponse {
    const expiry = request.query.get('se');
    const signature = request.query.get('sig');
    const expiresAt = expiry === null ? Number.NaN : Date.parse(expiry);
    if (expiry === null || signature === null || Number.isNaN(expiresAt)) {
      return authenticationFailed('Signature fields not well formed.');
    }
    if (!this.#verify(request.path, expiry, signature)) {
      return authenticationFailed('Signature did not match.');
    }
    const now = Date.now();
    if (now >= expiresAt) {
      return authenticationFailed(
        `Signed expiry time [${new Date(expiresAt).toUTCString()}] must be after signed start time [${new Date(now).toUTCString()}]`,
      );
    }
    const id = pathPattern.exec(request.path)?.[1];
    const image = id === undefined ? undefined : this.#images.get(id);
    if (image === undefined) {
      return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
    }
    return {
      headers: {
        'content-type': 'image/png',
        'x-ms-request-id': randomUUID(),
        'x-ms-version': storageVersion,
        'x-ms-blob-type': 'BlockBlob',
      },
      body: synthesizeImage({ ...image, format: 'png' }),
    };
  }

  #sign(path: string, expiry: string): string {
    return createHmac('sha256', this.#secret).update(`${path}\n${expiry}`).digest('hex');
  }

  #verify(path: string, expiry: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(path, expiry), 'hex');
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : undefined;
    return given !== undefined && timingSafeEqual(expected, given);
  }
}

function authenticationFailed(detail: string): SimulatorResponse {
  return storageError(
    403,
    'AuthenticationFailed',
    'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    detail,
  );
}

function storageError(
  status: number,
  code: string,
  message: string,
  detail?: string,
): SimulatorResponse {
  const requestId = randomUUID();
  const fullMessage = `${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}`;
  const detailElement =
    detail === undefined
      ? ''
      : `<AuthenticationErrorDetail>${escapeXml(detail)}</AuthenticationErrorDetail>`;
  return {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-ms-request-id': requestId,
      'x-ms-error-code': code,
    },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(fullMessage)}</Message>${detailElement}</Error>`,
  };
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
