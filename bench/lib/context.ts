// What every benchmark gets from the runner: mode, output folder, a progress log.

export interface BenchContext {
  /** Smoke mode (`--quick`): tiny counts and durations; proves the benchmark runs end to end. */
  readonly quick: boolean;
  /** Where results go: bench/results for full runs, test-results/bench-quick for smoke runs. */
  readonly outDir: string;
  log(message: string): void;
}

export interface Benchmark {
  readonly name: string;
  readonly title: string;
  /**
   * Runs on the host network, not in the private namespace: it needs the machine's interface
   * (a local Janus announces ICE candidates on it, as in production).
   */
  readonly hostNetwork?: boolean;
  /** Runs the benchmark; the runner writes the result and the README. */
  run(context: BenchContext): Promise<import('./results.js').BenchResult>;
}

/** Rotates `items` by `by` places: round-robin order that changes every repetition. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
