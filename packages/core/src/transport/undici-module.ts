import { createRequire } from 'node:module';
import type * as Undici from 'undici';

type UndiciModule = typeof Undici;

let loaded: UndiciModule | undefined;
let loading: Promise<UndiciModule> | undefined;

/**
 * undici, imported on the first request rather than with `@easel/core`: importing it costs more
 * CPU than the rest of core, and an application that only declares providers, or only validates
 * input, never needs it. The import happens once and is cached.
 */
export function loadUndici(): Promise<UndiciModule> {
  loading ??= import('undici').then(module => {
    loaded ??= module;
    return loaded;
  });
  return loading;
}

/**
 * undici at once, for the synchronous public helpers (`getDefaultDispatcher`,
 * `createGuardedAgent`) when they are called before any request has imported it. undici is a
 * CommonJS package, so `require` and `import()` give the very same module instance.
 */
export function undiciNow(): UndiciModule {
  loaded ??= createRequire(import.meta.url)('undici') as UndiciModule;
  return loaded;
}
