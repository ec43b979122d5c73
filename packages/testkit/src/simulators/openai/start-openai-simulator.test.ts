import { describe, expect, it } from 'vitest';
import { startOpenAISimulator } from './start-openai-simulator.js';

describe('startOpenAISimulator', () => {
  it.each([
    [{ urlTtlMs: -1 }, 'urlTtlMs must be a number >= 0'],
    [{ streamIntervalMs: Number.NaN }, 'streamIntervalMs must be a number >= 0'],
    [{ apiKey: ' ' }, 'apiKey must not be empty'],
  ])('refuses invalid options %j', async (options, message) => {
    await expect(startOpenAISimulator(options)).rejects.toThrow(message);
  });

  it('listens on loopback and closes', async () => {
    const simulator = await startOpenAISimulator({ seed: 42 });
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await simulator.close();
  });
});
