export * from './errors/index.js';
export * from './hub/index.js';
export * from './image-model/v1/index.js';
export * from './image-provider/index.js';
export * from './input/index.js';
export * from './media/index.js';
export * from './transport/index.js';
export { VERSION } from './version.js';
