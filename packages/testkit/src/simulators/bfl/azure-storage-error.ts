import { randomUUID } from 'node:crypto';
import type { SimulatorResponse } from '../../simulator/index.js';

/** The storage service version the delivery origin claims, as Azure Blob Storage sends it. */
export const azureStorageVersion = '2021-08-06';

/**
 * An Azure Blob Storage error answer: XML `<Error><Code>…</Code><Message>…</Message></Error>`
 * with `x-ms-error-code`, the shape BFL's delivery host answers refused downloads with.
 *
 * @param detail The `<AuthenticationErrorDetail>` of an `AuthenticationFailed`, if any.
 */
export function azureStorageError(
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
      'x-ms-version': azureStorageVersion,
      'x-ms-error-code': code,
    },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(fullMessage)}</Message>${detailElement}</Error>`,
  };
}

/** A 403 `AuthenticationFailed`: a missing, tampered or expired signature. */
export function authenticationFailed(detail: string): SimulatorResponse {
  return azureStorageError(
    403,
    'AuthenticationFailed',
    'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    detail,
  );
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
