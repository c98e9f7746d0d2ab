// The JSON every benchmark writes (bench/results/<name>.json) and the README is built from.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Summary } from './stats.js';

/** One measured row: a server (or page arm) in one case, with summarised metrics. */
export interface Cell {
  readonly target: string;
  readonly case: string;
  readonly metrics: Readonly<Record<string, Summary>>;
}

export interface Column {
  readonly metric: string;
  readonly label: string;
  /** Which order statistic the table shows: the median, or a tail quantile for latencies. */
  readonly stat?: 'median' | 'p90' | 'p99';
}

/** A goal from the issue and what this run achieved; `met: null` when it could not be judged. */
export interface Goal {
  readonly goal: string;
  readonly achieved: string;
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly seconds: number;
  readonly environment: Environment;
  /** How it was measured, one sentence each (copied into the README). */
  readonly method: readonly string[];
  readonly columns: readonly Column[];
  readonly cells: readonly Cell[];
  readonly goals: readonly Goal[];
  /** Chart file next to the JSON, for browser benchmarks. */
  readonly chart?: string;
  /** Raw figures beyond the table (per trial), for readers of the JSON. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Environment {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly arch: string;
  readonly chromium?: string;
}

export function environment(extra: Partial<Environment> = {}): Environment {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    arch: arch(),
    ...extra,
  };
}

export function writeResult(dir: string, result: BenchResult): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function readResult(file: string): BenchResult {
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
}

/** The median of one metric of one cell, or NaN when that cell or metric is missing. */
export function cellMedian(
  cells: readonly Cell[],
  target: string,
  caseName: string,
  metric: string,
): number {
  const cell = cells.find((c) => c.target === target && c.case === caseName);
  return cell?.metrics[metric]?.median ?? Number.NaN;
}

/** `a / b` formatted as a ratio, with the goal's limit: "0.82× (goal ≤ 0.85×)". */
export function ratioGoal(goal: string, ratio: number, limit: number, detail = ''): Goal {
  const met = Number.isFinite(ratio) ? ratio <= limit : null;
  const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'not measured';
  return { goal, achieved: detail === '' ? shown : `${shown} (${detail})`, met };
}
