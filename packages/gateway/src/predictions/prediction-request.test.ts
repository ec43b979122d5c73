import { InvalidInputError } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { parseTrustedWebhookHosts } from '../webhooks/index.js';
import { parsePredictionRequest } from './prediction-request.js';

const noTrustedHosts = parseTrustedWebhookHosts([]);

function issuesOf(body: unknown): unknown {
  try {
    parsePredictionRequest(body, noTrustedHosts);
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parsePredictionRequest', () => {
  it('takes a body with only an input object as it is', () => {
    const input = { prompt: 'a lake', n: 2 };
    expect(parsePredictionRequest({ input }, noTrustedHosts)).toEqual({ input });
  });

  it('refuses an input that is not an object, naming it', () => {
    for (const input of [[], null, 'a lake', 3]) {
      expect(issuesOf({ input })).toEqual([expect.objectContaining({ path: ['input'] })]);
    }
  });

  it('refuses unknown fields next to the input, with a suggestion', () => {
    expect(issuesOf({ input: {}, webhok: 'https://example.com/hook' })).toEqual([
      expect.objectContaining({ path: ['webhok'], suggestion: 'webhook' }),
    ]);
  });

  it('reads the optional webhook fields', () => {
    expect(
      parsePredictionRequest(
        {
          input: { prompt: 'x' },
          webhook: 'https://example.com/hook',
          webhook_events_filter: ['completed', 'completed'],
        },
        noTrustedHosts,
      ),
    ).toEqual({
      input: { prompt: 'x' },
      webhook: { url: 'https://example.com/hook', events: ['completed'] },
    });
    expect(
      parsePredictionRequest(
        { input: {}, webhook: null, webhook_events_filter: null },
        noTrustedHosts,
      ),
    ).toEqual({ input: {} });
  });
});
