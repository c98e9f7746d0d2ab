// Ratios between servers taken inside one repetition (adjacent in time, so drift on a shared
// machine cancels), then summarised over repetitions.
import { median } from './stats.js';

/** samples[target][rep] → median over reps of samples[a][rep] / samples[b][rep]. */
export function pairedRatio(
  samples: ReadonlyMap<string, readonly number[]>,
  a: string,
  b: string,
): number {
  const left = samples.get(a) ?? [];
  const right = samples.get(b) ?? [];
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x !== undefined && y !== undefined && y > 0 && Number.isFinite(x)) ratios.push(x / y);
  }
  return median(ratios);
}

/** Appends `value` to the series of `key`. */
export function record(series: Map<string, number[]>, key: string, value: number): void {
  const list = series.get(key) ?? [];
  list.push(value);
  series.set(key, list);
}
