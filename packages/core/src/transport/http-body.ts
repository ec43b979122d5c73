import { encodeMultipart, type MultipartPart } from './multipart-body.js';

/** A request body. Encoded once per request and replayed as is on a retry. */
export type HttpBody =
  | { readonly type: 'json'; readonly value: unknown }
  | { readonly type: 'multipart'; readonly parts: readonly MultipartPart[] }
  | { readonly type: 'binary'; readonly data: Uint8Array; readonly contentType: string };

/** A body ready to send. */
export interface EncodedBody {
  readonly contentType: string;
  readonly contentLength: number;
  /** One buffer, or chunks written in order. */
  readonly payload: Uint8Array | readonly Uint8Array[];
}

/** Encode a body for the wire. */
export function encodeBody(body: HttpBody): EncodedBody {
  switch (body.type) {
    case 'json': {
      const payload = Buffer.from(JSON.stringify(body.value), 'utf8');
      return { contentType: 'application/json', contentLength: payload.byteLength, payload };
    }
    case 'multipart': {
      const encoded = encodeMultipart(body.parts);
      const payload = encoded.chunks.length === 1 ? encoded.chunks[0]! : encoded.chunks;
      return { contentType: encoded.contentType, contentLength: encoded.contentLength, payload };
    }
    case 'binary':
      return {
        contentType: body.contentType,
        contentLength: body.data.byteLength,
        payload: body.data,
      };
  }
}
