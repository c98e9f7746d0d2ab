import { describe, expect, it } from 'vitest';
import * as library from './index.js';

// The library's public values, on purpose: anything added here is a promise to apps.
describe('public API', () => {
  it('exports what an app needs and no internals', () => {
    expect(Object.keys(library).sort()).toEqual([
      'BackoffReconnectPolicy',
      'Call',
      'ConfabError',
      'MAX_CHAT_CHARS',
      'P2P_VERSION',
      'Preconnection',
      'prewarm',
    ]);
  });
});
