import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/webhooks.md): `confab-signature: t=<unix seconds>,v1=<hex>`,
 * where the hex is HMAC-SHA256 with the webhook secret over `<t>.<raw body>`. The
 * timestamp is signed too, so a receiver that refuses timestamps older than the replay
 * window (5 minutes) cannot be fed a recorded request again later.
 */
export const SIGNATURE_HEADER = 'confab-signature';
export const REPLAY_WINDOW_SECONDS = 300;
/** The webhook secret's minimum length (it is an HMAC key: 256 bits). */
export const MIN_WEBHOOK_SECRET_BYTES = 32;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex');
}

/** The header value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${String(timestamp)},v1=${signatureOf(secret, timestamp, body)}`;
}

/** `ok`, or why a request must be refused. */
export type SignatureCheck = 'ok' | 'malformed' | 'mismatch' | 'expired';

/**
 * What a receiver runs (exported as `verifyWebhook` from `confab/server`): the header must
 * parse, one `v1` must match (compared in constant time) and `t` must lie within
 * `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number = Date.now() / 1000,
  toleranceSeconds: number = REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  if (header === undefined) return 'malformed';
  const fields = header.split(',').map((part) => part.trim().split('=', 2));
  const timestamp = Number(fields.find(([key]) => key === 't')?.[1]);
  const candidates = fields.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!Number.isSafeInteger(timestamp) || candidates.length === 0) return 'malformed';
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  const matches = candidates.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return 'mismatch';
  return Math.abs(nowSeconds - timestamp) <= toleranceSeconds ? 'ok' : 'expired';
}
