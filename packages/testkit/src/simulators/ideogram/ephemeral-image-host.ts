import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { synthesizeImage } from '../../images/index.js';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/index.js';

/** What a stored result is re-synthesised from when it is downloaded. */
export interface EphemeralImage {
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly prompt: string;
}

/** The path prefix of result URLs on the file origin. */
export const ephemeralPathPrefix = '/api/images/ephemeral/';

const pathPattern = /^\/api\/images\/ephemeral\/([0-9A-Za-z]{22})\.png$/;
const idAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const idLength = 22;

/**
 * The file origin of result images: like Ideogram's, each URL is
 * `<origin>/api/images/ephemeral/<id>.png?exp=<unix seconds>&sig=<hex HMAC-SHA256>`, needs no
 * API key (an `Api-Key` header is ignored), and answers 403 with a short text body once expired or
 * tampered with. Only the pictures' recipes are stored; the PNG is synthesised on download.
 */
export class EphemeralImageHost {
  readonly #images = new Map<string, EphemeralImage & { readonly expiresAt: number }>();
  readonly #secret = randomBytes(32);
  readonly #ttlMs: number;

  /** @param ttlMs How long each URL stays valid, in milliseconds. */
  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** Stores an image and returns its signed URL on `origin`. */
  put(image: EphemeralImage, origin: string): string {
    this.#forgetExpired();
    const id = randomId();
    const expiry = Math.floor((Date.now() + this.#ttlMs) / 1000);
    this.#images.set(id, { ...image, expiresAt: expiry * 1000 });
    const path = `${ephemeralPathPrefix}${id}.png`;
    return `${origin}${path}?exp=${expiry}&sig=${this.#sign(path, String(expiry))}`;
  }

  /**
   * Answers a request to the file origin: `GET` or `HEAD` of a valid URL gets the PNG; a missing,
   * malformed or wrong signature, or an expired URL, 403; anything else 404 or 405.
   */
  serve(request: SimulatorRequest): SimulatorResponse {
    if (!pathPattern.test(request.path)) return text(404, 'Not Found');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return { ...text(405, 'Method Not Allowed'), headers: textHeaders({ allow: 'GET, HEAD' }) };
    }
    const expiry = request.query.get('exp');
    const signature = request.query.get('sig');
    if (expiry === null || signature === null || !/^\d{1,12}$/.test(expiry)) {
      return text(403, 'Forbidden: the link is not signed.');
    }
    if (!this.#verify(request.path, expiry, signature)) {
      return text(403, 'Forbidden: the link signature does not match.');
    }
    if (Date.now() >= Number(expiry) * 1000) return text(403, 'Forbidden: the link has expired.');
    const image = this.#images.get(pathPattern.exec(request.path)![1]!);
    if (image === undefined) return text(404, 'Not Found');
    return {
      headers: {
        'content-type': 'image/png',
        'cache-control': `private, max-age=${Math.max(0, Math.floor((image.expiresAt - Date.now()) / 1000))}`,
      },
      body: synthesizeImage({ ...image, format: 'png' }),
    };
  }

  #sign(path: string, expiry: string): string {
    return createHmac('sha256', this.#secret).update(`${path}?exp=${expiry}`).digest('hex');
  }

  #verify(path: string, expiry: string, signature: string): boolean {
    if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
    return timingSafeEqual(
      Buffer.from(this.#sign(path, expiry), 'hex'),
      Buffer.from(signature, 'hex'),
    );
  }

  #forgetExpired(): void {
    const now = Date.now();
    for (const [id, image] of this.#images) {
      if (image.expiresAt <= now) this.#images.delete(id);
    }
  }
}

function randomId(): string {
  let id = '';
  for (const byte of randomBytes(idLength)) id += idAlphabet[byte % idAlphabet.length];
  return id;
}

function text(status: number, body: string): SimulatorResponse {
  return { status, headers: textHeaders(), body };
}

function textHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'content-type': 'text/plain; charset=utf-8', ...extra };
}
