// `npm run bench [-- --quick] [-- --only relay,memory]`: runs the benchmarks side by side
// with their peers, writes bench/results/<name>.json, the charts and bench/results/README.md.
// Everything runs on 127.0.0.1, inside a fresh network namespace when this runs as root.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { capacityBenchmark } from './browser/capacity-bench.js';
import { networkBenchmark } from './browser/network-bench.js';
import { qualityBenchmark } from './browser/quality-bench.js';
import { floorBenchmark } from './browser/floor-bench.js';
import { joinBenchmark } from './browser/join-bench.js';
import { clickJoinBenchmark } from './browser/click-join-bench.js';
import type { BenchContext, Benchmark } from './lib/context.js';
import { checkResults, writeReadme } from './lib/report.js';
import { writeResult } from './lib/results.js';
import { joinStormBenchmark } from './node/join-storm.js';
import { memoryBenchmark } from './node/memory.js';
import { relayBenchmark } from './node/relay.js';
import { sfuBenchmark } from './browser/sfu-bench.js';

const BENCHMARKS: readonly Benchmark[] = [
  relayBenchmark,
  memoryBenchmark,
  joinStormBenchmark,
  floorBenchmark,
  joinBenchmark,
  clickJoinBenchmark,
  capacityBenchmark,
  qualityBenchmark,
  networkBenchmark,
  sfuBenchmark,
];

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const IN_NETNS = 'CONFAB_BENCH_NETNS';

/**
 * Re-runs this command for `names` in a private network namespace (only `lo`), so nothing
 * collides with other servers on the machine and no packet leaves it. Returns its exit
 * status, or null when that is not possible (then everything runs here).
 */
function reexecInNetns(names: readonly string[]): number | null {
  if (process.env[IN_NETNS] !== undefined || process.getuid?.() !== 0) return null;
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) return null;
  const run = spawnSync(
    'unshare',
    [
      '-n',
      '--',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'sh',
      process.execPath,
      ...process.execArgv,
      ...withOnly(process.argv.slice(1), names),
    ],
    { stdio: 'inherit', env: { ...process.env, [IN_NETNS]: '1' } },
  );
  return run.status ?? 1;
}

/** `argv` with its `--only` replaced by `names`. */
function withOnly(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--only') i++;
    else if (!arg.startsWith('--only=')) out.push(arg);
  }
  return [...out, '--only', names.join(',')];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      'no-netns': { type: 'boolean', default: false },
    },
  });
  const only = values.only?.split(',');
  let selected = BENCHMARKS.filter((b) => only === undefined || only.includes(b.name));
  if (selected.length === 0) throw new Error(`no benchmark named ${values.only ?? ''}`);
  if (!values['no-netns']) {
    // Benchmarks that need the machine's interface (Janus's ICE) run here, after the others.
    const isolated = selected.filter((b) => b.hostNetwork !== true).map((b) => b.name);
    const status = isolated.length > 0 ? reexecInNetns(isolated) : null;
    if (status !== null) {
      if (status !== 0) process.exit(status);
      selected = selected.filter((b) => b.hostNetwork === true);
      if (selected.length === 0) process.exit(0);
    }
  }
  const quick = values.quick;
  const outDir = values.out ?? root(quick ? 'test-results/bench-quick' : 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const context: BenchContext = {
    quick,
    outDir,
    log: (message) => {
      console.log(`[bench] ${message}`);
    },
  };
  context.log(
    `network namespace: ${process.env[IN_NETNS] === undefined ? 'host (shared)' : 'private'}`,
  );
  for (const benchmark of selected) {
    context.log(`=== ${benchmark.title} (${benchmark.name}) ===`);
    const result = await benchmark.run(context);
    context.log(`wrote ${writeResult(outDir, result)}`);
  }
  const names = BENCHMARKS.map((b) => b.name);
  context.log(`wrote ${writeReadme(outDir, names)}`);
  if (quick) {
    const problems = checkResults(
      outDir,
      selected.map((b) => b.name),
    );
    for (const problem of problems) console.error(`[bench] smoke check: ${problem}`);
    if (problems.length > 0) process.exit(1);
    context.log(`smoke check: ${String(selected.length)} benchmarks ran end to end`);
  }
}

await main();
