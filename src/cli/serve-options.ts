import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OptionWording, ServerOptions } from '../server/index.js';
import { UsageError, type ParsedFlags } from './flags.js';
import { BOUND_OPTIONS, CLI_FLAGS, OPTION_FLAGS, type OptionsDraft } from './serve-flags.js';

/** The built web app, relative to this file both in src/cli (tsx) and dist/cli (node). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Server options from the flags given (seconds → ms, secret file read, app directory). */
export function serveOptionsFromFlags(flags: ParsedFlags): Partial<ServerOptions> {
  const draft: OptionsDraft = {};
  for (const bound of BOUND_OPTIONS) bound.store(flags, draft);
  const secretFile = flags.string(CLI_FLAGS.turnSecretFile.spec.name);
  if (secretFile !== undefined)
    draft.turnSecret = readSecretFile(secretFile, CLI_FLAGS.turnSecretFile.spec.name);
  const sfuSecretFile = flags.string(CLI_FLAGS.sfuSecretFile.spec.name);
  if (sfuSecretFile !== undefined)
    draft.sfuSecret = readSecretFile(sfuSecretFile, CLI_FLAGS.sfuSecretFile.spec.name);
  draft.staticDir ??= existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : null;
  return draft;
}

function readSecretFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new UsageError(`cannot read --${flag} ${path}`);
  }
}

/**
 * Configuration errors in the user's words: an option is called by the flag or environment
 * variable it was given with (its flag when it was not given), its value as typed.
 */
export function flagWording(flags: ParsedFlags): OptionWording {
  return {
    name: (option) => {
      const { name } = OPTION_FLAGS[option];
      return flags.given.get(name)?.source ?? `--${name}`;
    },
    value: (option, value) => flags.given.get(OPTION_FLAGS[option].name)?.text ?? String(value),
  };
}
