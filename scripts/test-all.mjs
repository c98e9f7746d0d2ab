// `npm test`: every check and test suite of the repository, one after another, then a
// summary line `N passed, N failed` over all of them. Suites keep running after a failure
// so one run shows everything that is wrong; the exit status is non-zero if anything failed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const REPORTS = 'test-results/reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const node = process.execPath;
const bin = (pkg, path) => join('node_modules', pkg, path);

/** One check counts as one test; test runners report their own counts. */
const suites = [
  {
    name: 'lint',
    command: [node, bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.'],
    // eslint's stylish format: a file line, then "  line:col  error  message  rule".
    errorLines: /^\s*\d+:\d+\s+(error|warning)\s/,
  },
  {
    name: 'format',
    command: [node, bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level=warn', '.'],
  },
  {
    name: 'typecheck',
    command: [node, bin('typescript', 'bin/tsc'), '-b', 'tsconfig.json'],
    errorLines: /error TS\d+:/,
  },
  { name: 'build', command: [node, 'scripts/build.mjs'] },
  {
    name: 'unit + integration (vitest)',
    command: [
      node,
      bin('vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${REPORTS}/vitest.json`,
    ],
    counts: () => vitestCounts(`${REPORTS}/vitest.json`),
    failures: () => vitestFailures(`${REPORTS}/vitest.json`),
  },
  {
    name: 'browser end-to-end (playwright)',
    command: [node, bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/playwright.json` },
    counts: () => playwrightCounts(`${REPORTS}/playwright.json`),
    failures: () => playwrightFailures(`${REPORTS}/playwright.json`),
  },
  {
    // Benchmarks are not tests (no speed assertions): this only proves each one still runs
    // end to end and writes well-formed results (into test-results/bench-quick).
    name: 'benchmarks smoke (npm run bench -- --quick)',
    command: [node, '--import', 'tsx', 'bench/run.ts', '--quick'],
  },
  {
    name: 'NAT lab (network namespaces)',
    command: [
      node,
      bin('@playwright/test', 'cli.js'),
      'test',
      '-c',
      'playwright.nat.config.ts',
      '--reporter=list,json',
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/nat-lab.json` },
    counts: () => playwrightCounts(`${REPORTS}/nat-lab.json`),
    failures: () => playwrightFailures(`${REPORTS}/nat-lab.json`),
    unlessMissing: namespacesUnavailable,
  },
];

/** Why the NAT lab cannot run here (it needs root / CAP_NET_ADMIN), or null when it can. */
function namespacesUnavailable() {
  const probe = `cfl-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    execFileSync('nft', ['--version'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `it needs root (CAP_NET_ADMIN) to create network namespaces and nftables: ${String(error.message).split('\n')[0]}`;
  }
}

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return { passed: report.numPassedTests, failed: report.numFailedTests + skipped, skipped };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  // Retries are off, so "flaky" cannot happen; count it as failed if it ever does.
  return {
    passed: stats.expected,
    failed: stats.unexpected + stats.flaky + stats.skipped,
    skipped: stats.skipped,
  };
}

/** First line of an error message, without colour codes, short enough for a summary. */
function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}

/** Where a failing assertion is and what it expected and got: which of a test's checks failed. */
function errorDetail(error) {
  if (error === undefined) return '';
  // eslint-disable-next-line no-control-regex
  const plain = String(error.message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(Locator|Expected|Received|Call log):?/.test(l) && !l.startsWith('Call log'))
    .slice(0, 3)
    .map((l) => l.slice(0, 200));
  const at = error.location === undefined ? [] : [`at line ${String(error.location.line)}`];
  return [...at, ...lines].map((l) => `\n           ${l}`).join('');
}

/** "file › title: first error line" for each failed vitest test. */
function vitestFailures(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const cwd = process.cwd() + '/';
  return report.testResults.flatMap((suite) =>
    suite.assertionResults
      .filter((t) => t.status !== 'passed')
      .map(
        (t) =>
          `${suite.name.replace(cwd, '')} › ${t.fullName}: ${firstLine(t.failureMessages?.[0] ?? t.status)}`,
      ),
  );
}

/** "file:line › title: first error line" for each playwright test that did not pass as expected. */
function playwrightFailures(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failed = [];
  const walk = (suite, outer) => {
    // A file's suite has the file name as title: only describe() blocks join the name.
    const titles = suite.title === suite.file ? outer : [...outer, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected') continue;
        const result = test.results?.at(-1);
        const error = firstLine(result?.error?.message ?? result?.status ?? test.status);
        const detail = errorDetail(result?.error);
        failed.push(
          `${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}: ${error}${detail}`,
        );
      }
    }
    for (const child of suite.suites ?? []) walk(child, titles);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return failed;
}

/** The first error lines a check printed (tsc, eslint), for the summary. */
function printedErrors(suite, printed) {
  if (suite.errorLines === undefined) return [];
  return printed
    .split('\n')
    .filter((l) => suite.errorLines.test(l))
    .slice(0, 10)
    .map((l) => l.trim().slice(0, 300));
}

const results = [];
for (const suite of suites) {
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const missing = suite.unlessMissing?.() ?? null;
  if (missing !== null) {
    process.stdout.write(`${suite.name} was not run: ${missing}\n`);
    results.push({
      name: suite.name,
      seconds: '0.0',
      passed: 0,
      failed: 0,
      skipped: 0,
      notRun: missing,
    });
    continue;
  }
  const startedAt = Date.now();
  const [command, ...args] = suite.command;
  const env = { ...process.env, ...suite.env };
  // Checks that print their errors (tsc, eslint) are read back so the summary can name them.
  const run =
    suite.errorLines === undefined
      ? spawnSync(command, args, { stdio: 'inherit', env })
      : spawnSync(command, args, { stdio: ['inherit', 'pipe', 'inherit'], env, maxBuffer: 64e6 });
  const printed = run.stdout?.toString() ?? '';
  process.stdout.write(printed);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const ok = run.status === 0;
  let counts = suite.counts?.() ?? null;
  if (counts === null) counts = { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  // A runner that crashed without reporting failures still failed.
  if (!ok && counts.failed === 0) counts = { ...counts, failed: 1 };
  const failures = counts.failed > 0 ? (suite.failures?.() ?? printedErrors(suite, printed)) : [];
  results.push({ name: suite.name, seconds, ...counts, failures });
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) {
  if (r.notRun) {
    process.stdout.write(`--   ${r.name}: not run (${r.notRun})\n`);
    continue;
  }
  const skipped = r.skipped > 0 ? ` (${r.skipped} skipped, counted as failed)` : '';
  process.stdout.write(
    `${r.failed === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed${skipped} in ${r.seconds} s\n`,
  );
  // The summary is what a CI excerpt shows: name each failure there, not only far above.
  for (const failure of r.failures) process.stdout.write(`       ✘ ${failure}\n`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
