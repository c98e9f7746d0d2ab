// The figures the SFU browser tests measure (media gaps at a switch, time to media back after
// a media server loss), kept as test annotations and written to test-results/sfu/<name>.json
// so a run leaves them readable. Measurements only: the tests assert correctness, never speed
// (speed goals live in `npm run bench:sfu`).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from '../fixtures.js';

export const SFU_RESULTS_DIR = 'test-results/sfu';

/** Prints `line` and keeps it as an annotation of the running test. */
export function note(type: string, line: string): void {
  console.log(line);
  test.info().annotations.push({ type, description: line });
}

/** Writes the measurements of one test as JSON. */
export async function writeSfuResults(name: string, figures: unknown): Promise<void> {
  await mkdir(SFU_RESULTS_DIR, { recursive: true });
  const body = { test: test.info().title, at: new Date().toISOString(), figures };
  await writeFile(join(SFU_RESULTS_DIR, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
}
