import { parseArgs } from 'node:util';

export type FlagKind = 'string' | 'number' | 'list' | 'boolean';

/** One command-line flag: how it parses, where else it can come from, what it means. */
export interface FlagSpec {
  /** `--<name>` on the command line. */
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  /** Shown in --help; an absent flag yields nothing (the caller's default applies). */
  readonly defaultText: string;
  /** Environment variables read when the flag is absent, first match wins. */
  readonly env: readonly string[];
  /** Value placeholder for --help, e.g. `<port>`. */
  readonly placeholder?: string;
}

/** The environment variable of a flag: `CONFAB_TURN_MIN_PORT` for `min-port` with `CONFAB_TURN_`. */
export function envName(prefix: string, flag: string): string {
  return `${prefix}${flag.toUpperCase().replaceAll('-', '_')}`;
}

/** Thrown for bad command lines; the CLI prints `message` and exits with status 2. */
export class UsageError extends Error {
  readonly code = 'usage';
  override readonly name = 'UsageError';
}

type FlagValue = string | number | boolean | string[];

/** A flag that was given: its value, and where and how the user wrote it. */
export interface GivenFlag {
  readonly value: FlagValue;
  /** `--port` when given on the command line, else the environment variable (`PORT`). */
  readonly source: string;
  /** The value as written (list items joined with `, `). */
  readonly text: string;
}

/** The flags given, by name; typed reads return undefined for absent flags. */
export class ParsedFlags {
  constructor(readonly given: ReadonlyMap<string, GivenFlag>) {}

  string(name: string): string | undefined {
    const value = this.given.get(name)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  number(name: string): number | undefined {
    const value = this.given.get(name)?.value;
    return typeof value === 'number' ? value : undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.given.get(name)?.value;
    return typeof value === 'boolean' ? value : undefined;
  }

  list(name: string): string[] | undefined {
    const value = this.given.get(name)?.value;
    return Array.isArray(value) ? value : undefined;
  }
}

/** Parses `argv` against `specs`; flags win over environment variables. */
export function parseFlags(
  specs: readonly FlagSpec[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ParsedFlags {
  const parsed = runParseArgs(specs, argv);
  const given = new Map<string, GivenFlag>();
  for (const spec of specs) {
    const fromArgv = parsed[spec.name];
    const raw =
      fromArgv === undefined ? fromEnv(spec, env) : { source: `--${spec.name}`, value: fromArgv };
    if (raw !== undefined) given.set(spec.name, convert(spec, raw.source, raw.value));
  }
  return new ParsedFlags(given);
}

type ParsedValue = string | boolean | (string | boolean)[];

function runParseArgs(
  specs: readonly FlagSpec[],
  argv: readonly string[],
): Record<string, ParsedValue | undefined> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const spec of specs) {
    options[spec.name] =
      spec.kind === 'boolean'
        ? { type: 'boolean' }
        : { type: 'string', multiple: spec.kind === 'list' };
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function fromEnv(
  spec: FlagSpec,
  env: NodeJS.ProcessEnv,
): { source: string; value: string } | undefined {
  for (const name of spec.env) {
    const value = env[name];
    if (value !== undefined && value !== '') return { source: name, value };
  }
  return undefined;
}

function convert(spec: FlagSpec, source: string, raw: ParsedValue): GivenFlag {
  const text = Array.isArray(raw) ? raw.join(', ') : String(raw);
  switch (spec.kind) {
    case 'boolean':
      return {
        source,
        text,
        value: typeof raw === 'boolean' ? raw : raw === '1' || raw === 'true',
      };
    case 'list': {
      const items = (Array.isArray(raw) ? raw : [raw]).flatMap((item) =>
        String(item)
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      );
      return { source, text, value: items };
    }
    case 'number': {
      const value = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
        throw new UsageError(`${source} needs a number, got ${text}`);
      }
      return { source, text, value };
    }
    case 'string':
      return { source, text, value: text };
  }
}

/** Renders the option table of `--help`: every flag with its environment variable and default. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const rows = specs.map((spec) => {
    const left = `  --${spec.name}${spec.kind === 'boolean' ? '' : ` ${spec.placeholder ?? '<value>'}`}`;
    const env = spec.env.length > 0 ? ` [env ${spec.env.join(', ')}]` : '';
    return { left, right: `${spec.help} (default: ${spec.defaultText})${env}` };
  });
  const width = Math.max(...rows.map((row) => row.left.length)) + 2;
  return rows.map((row) => row.left.padEnd(width) + row.right).join('\n');
}
