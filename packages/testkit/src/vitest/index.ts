export { type TestImageProviderOptions, testImageProvider } from './test-image-provider.js';
