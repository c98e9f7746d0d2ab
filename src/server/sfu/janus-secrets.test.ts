import { describe, expect, it } from 'vitest';
import { deriveJanusSecrets, randomSfuSecret, SfuSecretError } from './janus-secrets.js';

describe('deriveJanusSecrets', () => {
  it('derives four distinct, stable secrets that do not reveal the SFU secret', () => {
    const sfuSecret = randomSfuSecret();
    const secrets = deriveJanusSecrets(sfuSecret);
    expect(deriveJanusSecrets(sfuSecret)).toEqual(secrets);
    const values = Object.values(secrets);
    expect(new Set(values).size).toBe(4);
    for (const value of values) {
      expect(value).toMatch(/^[\w-]{43}$/);
      expect(value).not.toContain(sfuSecret);
    }
    expect(deriveJanusSecrets(randomSfuSecret()).apiSecret).not.toBe(secrets.apiSecret);
  });

  it('refuses a short SFU secret', () => {
    expect(() => deriveJanusSecrets('short')).toThrow(SfuSecretError);
  });
});
