import { describe, expect, it } from 'vitest';
import { parsePrefer } from './prefer-header.js';

describe('parsePrefer', () => {
  it('reads nothing from an absent header', () => {
    expect(parsePrefer(undefined)).toEqual({
      respondAsync: false,
      waitSeconds: undefined,
      waitRequested: false,
      dataUris: false,
    });
  });

  it.each([
    ['wait', { waitRequested: true, waitSeconds: undefined }],
    ['wait=5', { waitRequested: true, waitSeconds: 5 }],
    ['WAIT = 12', { waitRequested: true, waitSeconds: 12 }],
    ['wait="7"', { waitRequested: true, waitSeconds: 7 }],
    ['respond-async', { respondAsync: true, waitRequested: false }],
    ['respond-async, wait=3', { respondAsync: true, waitRequested: true, waitSeconds: 3 }],
    ['wait=3;foo=bar, output=data-uri', { waitSeconds: 3, dataUris: true }],
    ['output=url', { dataUris: false }],
  ])('reads %j', (header, expected) => {
    expect(parsePrefer(header)).toMatchObject(expected);
  });

  it('ignores values it cannot use and unknown preferences (RFC 7240)', () => {
    expect(parsePrefer('wait=soon, return=minimal, handling=strict')).toEqual({
      respondAsync: false,
      waitSeconds: undefined,
      waitRequested: false,
      dataUris: false,
    });
  });

  it('keeps the first occurrence of a preference and joins repeated headers', () => {
    expect(parsePrefer(['wait=2', 'wait=9, respond-async'])).toMatchObject({
      waitSeconds: 2,
      respondAsync: true,
    });
  });
});
