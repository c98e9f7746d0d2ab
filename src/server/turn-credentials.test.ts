import { describe, expect, it } from 'vitest';
import { mintTurnCredentials } from './turn-credentials.js';

describe('mintTurnCredentials', () => {
  it('matches a fixed vector computed with openssl', () => {
    // echo -n '1700003600:alice' | openssl dgst -sha1 -hmac north -binary | base64
    const credentials = mintTurnCredentials('north', 'alice', 3600, 1_700_000_000_000);
    expect(credentials).toEqual({
      username: '1700003600:alice',
      credential: 'wjwSXO2ch1B6VaLTLMy2Avn5O9o=',
      expiresAt: 1_700_003_600,
    });
  });

  it('floors the current time to whole seconds', () => {
    expect(mintTurnCredentials('s', 'u', 10, 1_000_999).username).toBe('1010:u');
  });
});
