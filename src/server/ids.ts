import { randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: unguessable peer ids (22 characters, matches ID_PATTERN). */
export function newPeerId(): string {
  return randomBytes(16).toString('base64url');
}

/** 256 random bits, URL-safe: resume tokens are bearer secrets for a member's slot. */
export function newResumeToken(): string {
  return randomBytes(32).toString('base64url');
}
