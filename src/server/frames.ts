import type { RawData } from 'ws';
import type { ClientSignalMessage } from '../protocol/index.js';
import type { RelayedKind } from './metrics.js';

/** The text of a WebSocket message, however `ws` delivered it. */
export function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** What a relayed signal carried, for metrics and debug logs. */
export function relayedKind(message: ClientSignalMessage): RelayedKind {
  const { data } = message;
  if ('description' in data) return data.description.type;
  return data.candidate === null || data.candidate.candidate === ''
    ? 'end-of-candidates'
    : 'candidate';
}
