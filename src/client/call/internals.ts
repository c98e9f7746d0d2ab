import type { SignalingClient } from '../signaling-client.js';
import type { MeshTransport } from './mesh-transport.js';
import type { SfuTransport } from './sfu-transport.js';

/**
 * A call's transports, for tests, benchmarks and diagnostics only: apps never touch them
 * (the web app must not, an ESLint rule says so). In a page that loaded /lib/confab.js:
 * `call[Symbol.for('confab.internals')]`.
 */
export const CALL_INTERNALS: unique symbol = Symbol.for('confab.internals') as never;

export interface CallInternals {
  readonly signaling: SignalingClient;
  readonly mesh: MeshTransport;
  sfu(): SfuTransport | null;
}

/** The internals of a call (see CALL_INTERNALS). */
export function callInternals(call: object): CallInternals {
  const internals = (call as { [CALL_INTERNALS]?: CallInternals })[CALL_INTERNALS];
  if (internals === undefined) throw new Error('not a Call');
  return internals;
}

/** Attaches a call's internals (not enumerable, not part of its type). */
export function registerInternals(call: object, internals: CallInternals): void {
  Object.defineProperty(call, CALL_INTERNALS, { value: internals });
}
