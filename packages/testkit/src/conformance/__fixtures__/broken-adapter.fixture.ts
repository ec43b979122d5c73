import { startReferenceSimulator } from '../../reference/reference-simulator.js';
import { testImageProvider } from '../../vitest/test-image-provider.js';
import { silentAboutSnapping } from './broken-providers.js';

testImageProvider({
  name: 'silent-reference',
  createProvider: silentAboutSnapping,
  startSimulator: () => startReferenceSimulator({ jobDurationMs: 30 }),
  apiKeyEnvironmentVariables: ['EASEL_REFERENCE_API_KEY'],
  models: ['ref-sync'],
  cases: { 'ref-sync': { moderated: [{ input: { prompt: 'a blocked prompt' }, stage: 'input' }] } },
});
