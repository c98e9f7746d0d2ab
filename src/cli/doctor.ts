import { reportSchema, type DoctorReport } from '../protocol/diagnostics/report.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { formatReport } from './doctor-format.js';
import { formatFlagHelp, parseFlags, UsageError, type FlagSpec } from './flags.js';

export const DOCTOR_FLAGS: readonly FlagSpec[] = [
  {
    name: 'server',
    kind: 'string',
    help: 'base URL of the confab server (required)',
    defaultText: 'none',
    placeholder: '<url>',
    env: ['CONFAB_DOCTOR_SERVER'],
  },
  {
    name: 'token',
    kind: 'string',
    help: 'room token, when the server runs with --auth-secret',
    defaultText: 'none',
    placeholder: '<jwt>',
    env: ['CONFAB_DOCTOR_TOKEN'],
  },
  {
    name: 'policy',
    kind: 'string',
    help: 'gathering policy of the candidate table: all or relay',
    defaultText: 'all',
    placeholder: '<policy>',
    env: [],
  },
  {
    name: 'timeout',
    kind: 'number',
    help: 'seconds per check',
    defaultText: '10',
    placeholder: '<s>',
    env: [],
  },
  {
    name: 'json',
    kind: 'boolean',
    help: 'print the JSON report (credentials redacted) instead of text',
    defaultText: 'false',
    env: [],
  },
  {
    name: 'insecure',
    kind: 'boolean',
    help: 'accept self-signed certificates (page and turns:); testing only',
    defaultText: 'false',
    env: [],
  },
  {
    name: 'chromium',
    kind: 'string',
    help: 'Chromium executable',
    defaultText: CHROMIUM_PATH,
    placeholder: '<path>',
    env: ['CHROMIUM_PATH'],
  },
];

export const DOCTOR_HELP = `Usage: confab doctor --server <url> [options]

Opens the server's /doctor page in headless Chromium and runs every check: the candidate
table, a relay-only data channel through each TURN URL (RTT, throughput), and verdicts for
STUN, TURN/UDP, TURN/TCP and TURNS.

${formatFlagHelp(DOCTOR_FLAGS)}

Exit status: 0 when calls across networks will work (a TURN server relays data), 1 when
they may or will fail, 2 on a bad command line, 3 when the doctor could not run.`;

export type DoctorErrorCode =
  'no-playwright' | 'browser' | 'unreachable' | 'no-doctor-page' | 'run-failed' | 'bad-report';

/** What to install when playwright-core is missing (it is an optional peer dependency). */
export const PLAYWRIGHT_HINT =
  'confab doctor needs playwright-core and Chromium: npm install -g playwright-core; apt-get install chromium';

/** The doctor could not run at all (exit status 3). */
export class DoctorError extends Error {
  override readonly name = 'DoctorError';
  constructor(
    readonly code: DoctorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface DoctorArgs {
  readonly server: string;
  readonly token: string;
  readonly policy: 'all' | 'relay';
  readonly timeoutMs: number;
  readonly json: boolean;
  readonly insecure: boolean;
  readonly chromium: string;
}

function doctorArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DoctorArgs {
  const flags = parseFlags(DOCTOR_FLAGS, argv, env);
  const server = flags.string('server');
  if (server === undefined || !/^https?:\/\/[^/\s]+/.test(server)) {
    throw new UsageError(
      '--server needs the base URL of a confab server, e.g. https://meet.example.org',
    );
  }
  const policy = flags.string('policy') ?? 'all';
  if (policy !== 'all' && policy !== 'relay') throw new UsageError('--policy must be all or relay');
  const timeout = flags.number('timeout') ?? 10;
  if (timeout < 1 || timeout > 120) throw new UsageError('--timeout must be 1-120 seconds');
  return {
    server: server.replace(/\/+$/, ''),
    token: flags.string('token') ?? '',
    policy,
    timeoutMs: timeout * 1000,
    json: flags.boolean('json') === true,
    insecure: flags.boolean('insecure') === true,
    chromium: flags.string('chromium') ?? CHROMIUM_PATH,
  };
}

/** `confab doctor`: prints the report; exit status says whether calls across networks work. */
export async function runDoctorCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const args = doctorArgs(argv, env);
  let report: DoctorReport;
  try {
    report = await runInChromium(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`confab doctor: ${message}\n`);
    process.exitCode = 3;
    return;
  }
  process.stdout.write(
    args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, args.server),
  );
  process.exitCode = report.summary.callsAcrossNetworks === 'will-work' ? 0 : 1;
}

async function runInChromium(args: DoctorArgs): Promise<DoctorReport> {
  // Loaded only here: `confab serve` never needs a browser, so the package does not
  // install playwright-core (an optional peer dependency).
  const { chromium } = await import('playwright-core').catch(() => {
    throw new DoctorError('no-playwright', PLAYWRIGHT_HINT);
  });
  const browser = await chromium
    .launch({
      executablePath: args.chromium,
      args: [...CHROMIUM_ARGS, ...(args.insecure ? ['--ignore-certificate-errors'] : [])],
    })
    .catch((error: unknown) => {
      throw new DoctorError(
        'browser',
        `cannot start Chromium at ${args.chromium} (apt-get install chromium): ${String(error)}`,
      );
    });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: args.insecure });
    const page = await context.newPage();
    const response = await page
      .goto(`${args.server}/doctor`, { timeout: 15_000 })
      .catch((error: unknown) => {
        throw new DoctorError(
          'unreachable',
          `cannot open ${args.server}/doctor: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
        );
      });
    if (response?.ok() !== true) {
      throw new DoctorError(
        'no-doctor-page',
        `${args.server}/doctor answered ${String(response?.status())}: is this a confab server with the web app built?`,
      );
    }
    await page.waitForFunction('document.body.dataset.ready === "true"', undefined, {
      timeout: 15_000,
    });
    const options = JSON.stringify({
      source: 'server',
      token: args.token,
      policy: args.policy,
      timeoutMs: args.timeoutMs,
      revealLocalAddresses: true,
    });
    // A string, not a function: the page runs it as is, whatever compiled this file.
    const raw: unknown = await page
      .evaluate(`window.confabDoctor.run(${options})`)
      .catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        throw new DoctorError(
          'run-failed',
          text.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0] ?? text,
        );
      });
    const parsed = reportSchema.safeParse(raw);
    if (!parsed.success)
      throw new DoctorError(
        'bad-report',
        'the page returned no valid report (server and CLI versions differ?)',
      );
    return parsed.data;
  } finally {
    await browser.close();
  }
}
