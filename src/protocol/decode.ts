import type { z } from 'zod';
import { clientMessageSchema, type ClientMessage } from './client-messages.js';
import { fastSignal } from './fast-signal.js';
import { serverMessageSchema, type ServerMessage } from './server-messages.js';

/** Why a frame was rejected; `reason` is a short, human-readable explanation. */
export interface DecodeFailure {
  readonly ok: false;
  readonly reason: string;
}
export type DecodeResult<T> = { readonly ok: true; readonly message: T } | DecodeFailure;

const MAX_REASON_ISSUES = 3;

/**
 * Parses one JSON text frame and validates it against `schema`. Never throws: bad input
 * becomes a `DecodeFailure` that the caller turns into a typed error.
 */
export function decodeFrame<S extends z.ZodType>(
  schema: S,
  raw: string,
): DecodeResult<z.output<S>> {
  const parsed = parseJson(raw);
  return parsed.ok ? validate(schema, parsed.message) : parsed;
}

function parseJson(raw: string): DecodeResult<unknown> {
  try {
    return { ok: true, message: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
}

function validate<S extends z.ZodType>(schema: S, json: unknown): DecodeResult<z.output<S>> {
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, reason: describeIssues(result.error.issues) };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, MAX_REASON_ISSUES)
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates a frame a client sent to the server. Signals, the bulk of the traffic, take a
 * hand-written fast path that accepts exactly what the schema accepts (fast-signal.ts).
 */
export function decodeClientMessage(raw: string): DecodeResult<ClientMessage> {
  const parsed = parseJson(raw);
  if (!parsed.ok) return parsed;
  const signal = fastSignal(parsed.message);
  if (signal !== null) return { ok: true, message: signal };
  return validate(clientMessageSchema, parsed.message);
}

/** Validates a frame the server sent to a client. */
export function decodeServerMessage(raw: string): DecodeResult<ServerMessage> {
  return decodeFrame(serverMessageSchema, raw);
}

/** Compile-time exhaustiveness check for `switch (msg.type)`. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
