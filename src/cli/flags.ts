import { parseArgs } from 'node:util';

/** One command-line flag: how it parses, where else it can come from, what it means. */
export interface FlagSpec<Key extends string = string> {
  readonly name: string;
  readonly key: Key;
  readonly kind: 'string' | 'number' | 'list' | 'boolean';
  readonly help: string;
  /** Shown in --help; the parsed value falls back to nothing (the caller's default). */
  readonly defaultText: string;
  /** Environment variables read when the flag is absent, first match wins. */
  readonly env?: readonly string[];
  /** Value placeholder for --help, e.g. `<port>`. */
  readonly placeholder?: string;
}

/**
 * A flag read from `--<name>` or the environment: `extraEnv` first (e.g. `PORT`), then
 * `<envPrefix><NAME>` (e.g. `CONFAB_TURN_MIN_PORT` for `min-port` with `CONFAB_TURN_`).
 */
export function defineFlag(
  envPrefix: string,
  name: string,
  key: string,
  kind: FlagSpec['kind'],
  help: string,
  defaultText: string,
  placeholder?: string,
  extraEnv: readonly string[] = [],
): FlagSpec {
  const env = [...extraEnv, `${envPrefix}${name.toUpperCase().replaceAll('-', '_')}`];
  return placeholder === undefined
    ? { name, key, kind, help, defaultText, env }
    : { name, key, kind, help, defaultText, env, placeholder };
}

/** `defineFlag`'s arguments after the environment prefix. */
export type FlagArgs = Parameters<typeof defineFlag> extends [string, ...infer Rest] ? Rest : never;

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

/** Thrown for bad command lines; the CLI prints `message` and exits with status 2. */
export class UsageError extends Error {
  readonly code = 'usage';
  override readonly name = 'UsageError';
}

/** Parses `argv` against `specs`; flags win over environment variables. */
export function parseFlags(
  specs: readonly FlagSpec[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): FlagValues {
  const parsed = runParseArgs(specs, argv);
  const values: FlagValues = {};
  for (const spec of specs) {
    const raw = parsed[spec.name] ?? fromEnv(spec, env);
    if (raw !== undefined) values[spec.key] = convert(spec, raw);
  }
  return values;
}

type ParsedValue = string | boolean | (string | boolean)[] | undefined;

function runParseArgs(
  specs: readonly FlagSpec[],
  argv: readonly string[],
): Record<string, ParsedValue> {
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

function fromEnv(spec: FlagSpec, env: NodeJS.ProcessEnv): string | undefined {
  for (const name of spec.env ?? []) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function convert(
  spec: FlagSpec,
  raw: NonNullable<ParsedValue>,
): string | number | boolean | string[] {
  switch (spec.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? raw : raw === '1' || raw === 'true';
    case 'list':
      return (Array.isArray(raw) ? raw : [raw]).flatMap((item) =>
        String(item)
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      );
    case 'number': {
      const value = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
        throw new UsageError(`--${spec.name} needs a number, got ${String(raw)}`);
      }
      return value;
    }
    case 'string':
      return String(raw);
  }
}

/** Renders the option table of `--help`: every flag with its environment variable and default. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const rows = specs.map((spec) => {
    const left = `  --${spec.name}${spec.kind === 'boolean' ? '' : ` ${spec.placeholder ?? '<value>'}`}`;
    const env = spec.env && spec.env.length > 0 ? ` [env ${spec.env.join(', ')}]` : '';
    return { left, right: `${spec.help} (default: ${spec.defaultText})${env}` };
  });
  const width = Math.max(...rows.map((row) => row.left.length)) + 2;
  return rows.map((row) => row.left.padEnd(width) + row.right).join('\n');
}
