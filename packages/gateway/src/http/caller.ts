import type { FastifyRequest } from 'fastify';
import type { Caller } from './api-key-check.js';

const callers = new WeakMap<object, Caller>();

/** Remember who sent `request` (set by the authentication hook). */
export function setCaller(request: FastifyRequest, caller: Caller): void {
  callers.set(request.raw, caller);
}

/** Who sent `request`; `anonymous` when the gateway is open. */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request.raw) ?? { id: 'anonymous' };
}
