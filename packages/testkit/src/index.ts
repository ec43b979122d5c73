export * from './conformance/index.js';
export * from './images/index.js';
export * from './simulator/index.js';
export { VERSION } from './version.js';
