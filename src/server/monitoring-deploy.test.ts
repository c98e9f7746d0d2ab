import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const RULES_DIR = join(REPO, 'deploy', 'prometheus');
const DASHBOARD = join(REPO, 'deploy', 'grafana', 'confab-dashboard.json');
/** Debian's prometheus package; .ci/run installs it when missing. */
const PROMTOOL = process.env['PROMTOOL'] ?? '/usr/bin/promtool';

/** promtool, or a failure that says how to get it (never a skip: the rules must be checked). */
async function promtool(...args: string[]): Promise<string> {
  if (!existsSync(PROMTOOL))
    throw new Error(
      `${PROMTOOL} is missing: apt-get install prometheus (or set PROMTOOL=/path/to/promtool)`,
    );
  const { stdout, stderr } = await run(PROMTOOL, args, { cwd: RULES_DIR }).catch(
    (error: unknown) => {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(
        `promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`,
      );
    },
  );
  return stdout + stderr;
}

/** Every metric name the server defines (`name: 'confab_...'` in src/server). */
function definedMetrics(dir = join(REPO, 'src', 'server')): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const name of definedMetrics(path)) names.add(name);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      for (const match of readFileSync(path, 'utf8').matchAll(/name: '(confab_[a-z_]+)'/g))
        if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

/** confab metric names an expression uses, histogram and counter suffixes taken off. */
function usedMetrics(expressions: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const expression of expressions)
    for (const match of expression.matchAll(/\bconfab_[a-z_]+/g))
      names.add(match[0].replace(/_(bucket|count|sum)$/, ''));
  return names;
}

interface Dashboard {
  readonly uid: string;
  readonly panels: readonly {
    readonly id: number;
    readonly targets: readonly { readonly expr: string }[];
  }[];
}

describe('deploy/ monitoring', () => {
  it('has alert rules promtool accepts, and its unit tests of them pass', async () => {
    expect(await promtool('check', 'rules', 'confab-alerts.yml')).toContain(
      'SUCCESS: 9 rules found',
    );
    expect(await promtool('test', 'rules', 'confab-alerts.test.yml')).toContain('SUCCESS');
  });

  it('alerts and charts only metrics the server defines', () => {
    const defined = definedMetrics();
    const rules = readFileSync(join(RULES_DIR, 'confab-alerts.yml'), 'utf8');
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));
    const used = usedMetrics([rules, ...expressions]);
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
    // The telemetry the issue asks for is on the dashboard.
    for (const name of [
      'confab_calls_by_candidate_type',
      'confab_call_setup_seconds',
      'confab_ice_failures_total',
      'confab_freeze_seconds_total',
      'confab_webhook_events_total',
    ])
      expect(usedMetrics(expressions)).toContain(name);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.uid).toBe('confab-calls');
  });
});
