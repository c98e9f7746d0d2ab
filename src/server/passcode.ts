import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Room passcodes are kept only as `scrypt$<salt>$<hash>` (base64url): a random 16-byte salt
 * per passcode set, scrypt N=2^14, r=8, p=1 (about 16 MiB and tens of milliseconds per
 * check: cheap for a join, slow for a brute force that the per-room and per-address try
 * limits already bound). The passcode itself is never stored, sent on, or logged.
 */
const PREFIX = 'scrypt';
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PARAMS: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(passcode: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passcode.normalize('NFC'), salt, HASH_BYTES, PARAMS, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** The stored form of a passcode, with a fresh salt. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(passcode, salt);
  return `${PREFIX}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Whether `passcode` is the one `stored` was made from; compared in constant time. */
export async function verifyPasscode(passcode: string, stored: string): Promise<boolean> {
  const [prefix, salt, hash] = stored.split('$');
  if (prefix !== PREFIX || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== HASH_BYTES) return false;
  const actual = await derive(passcode, Buffer.from(salt, 'base64url'));
  return timingSafeEqual(actual, expected);
}
