export {
  type GatewayStore,
  type StoreNamespace,
  type StoreValue,
  type StoreWriteOptions,
  storeNamespaces,
} from './gateway-store.js';
export {
  createMemoryStore,
  defaultEntryOverheadBytes,
  defaultMemoryStoreMaxBytes,
  defaultSweepIntervalMs,
  type MemoryStore,
  type MemoryStoreNamespaceStats,
  type MemoryStoreOptions,
  type MemoryStoreStats,
} from './memory-store.js';
export { StoreCapacityError, type StoreCapacityErrorOptions } from './store-capacity-error.js';
export { StoreClosedError } from './store-closed-error.js';
