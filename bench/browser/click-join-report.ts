// The join-click benchmark's cases, trials and how they become its results file: one cell
// per case, and the goals (issue 17, "Faster joins").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellMedian, readResult, ratioGoal, type Cell, type Goal } from '../lib/results.js';
import { roundSummary, summarize, type Summary } from '../lib/stats.js';

const COMMITTED = fileURLToPath(new URL('../results', import.meta.url));
const FLOOR_CASE = 'audio+video 320×240, host';

/** mesh: a server without an SFU; sfu: with its own Janus (rooms above 4 move there). */
export type Arm = 'mesh' | 'sfu';

export interface Case {
  readonly arm: Arm;
  readonly n: number;
  /**
   * The newcomer in a browser of its own at normal priority, the n − 1 others in another
   * at `nice 10`: as on a person's own computer, which does not also run the others'
   * browsers. Otherwise all n share one browser and the machine's two cores.
   */
  readonly ownCpu: boolean;
}

export interface Trial {
  readonly arm: Arm;
  readonly n: number;
  readonly ownCpu: boolean;
  /** Click → the last of the n − 1 first frames (∞: not all within the budget). */
  readonly firstFramesMs: number;
  /** Click → `join` sent, `welcome` received, first offer and first candidate sent. */
  readonly joinSentMs: number;
  readonly welcomeMs: number;
  readonly firstOfferMs: number;
  readonly firstCandidateMs: number;
  /**
   * Click → the first offer reached the page's code (on the SFU: the one for its subscriber
   * connection), our first answer sent, the first connection connected, the first frame.
   */
  readonly offerReceivedMs: number;
  readonly answerSentMs: number;
  /** Click → the answer to our first offer received, the first remote candidate received. */
  readonly answerReceivedMs: number;
  readonly remoteCandidateMs: number;
  readonly connectedMs: number;
  readonly earliestFrameMs: number;
  /** WebSockets the page opened before the click and after it. */
  readonly socketsBefore: number;
  readonly socketsAfter: number;
}

export const keyOf = ({ arm, n, ownCpu }: Case) => `${arm}/${String(n)}${ownCpu ? '/own-cpu' : ''}`;

/** The browser floor's first-frame median, and the run it comes from. */
export interface Floor {
  readonly firstFrameMs: number;
  readonly startedAt: string | null;
}

/**
 * This run's floor result (`--only browser-floor,browser-join-click`: the same machine state,
 * which is what makes the ratio fair on a noisy machine), else the committed one.
 */
export function browserFloor(outDir: string): Floor {
  for (const dir of [outDir, COMMITTED]) {
    const file = join(dir, 'browser-floor.json');
    if (!existsSync(file)) continue;
    const result = readResult(file);
    const value = cellMedian(result.cells, 'floor', FLOOR_CASE, 'firstFrameMs');
    if (Number.isFinite(value)) return { firstFrameMs: value, startedAt: result.startedAt };
  }
  return { firstFrameMs: Number.NaN, startedAt: null };
}

type Measured = { [K in keyof Trial]: Trial[K] extends number ? K : never }[keyof Trial];

/** Each metric of a cell, and the trial figure it summarizes. */
const METRICS = {
  firstFramesMs: 'firstFramesMs',
  joinSentMs: 'joinSentMs',
  welcomeMs: 'welcomeMs',
  firstOfferMs: 'firstOfferMs',
  firstCandidateMs: 'firstCandidateMs',
  offerReceivedMs: 'offerReceivedMs',
  answerSentMs: 'answerSentMs',
  answerReceivedMs: 'answerReceivedMs',
  remoteCandidateMs: 'remoteCandidateMs',
  connectedMs: 'connectedMs',
  earliestFrameMs: 'earliestFrameMs',
  socketsBeforeClick: 'socketsBefore',
  socketsAfterClick: 'socketsAfter',
} as const satisfies Record<string, Measured>;

export function cellOf(c: Case, trials: readonly Trial[]): Cell {
  const metrics = Object.entries(METRICS).map(([metric, key]): [string, Summary] => [
    metric,
    roundSummary(summarize(trials.map((t) => t[key]))),
  ]);
  return {
    target: c.arm === 'sfu' ? 'confab, SFU' : 'confab, mesh',
    case: `N=${String(c.n)}${c.ownCpu ? ', newcomer on its own CPU' : ''}`,
    metrics: Object.fromEntries(metrics),
  };
}

export function goals(byCase: Map<string, Trial[]>, floorMs: number): Goal[] {
  const medianOf = (c: Case) =>
    summarize((byCase.get(keyOf(c)) ?? []).map((t) => t.firstFramesMs)).median;
  const two = medianOf({ arm: 'mesh', n: 2, ownCpu: false });
  // NaN: the case did not run; ∞: most of its newcomers did not get every frame in the budget.
  const shown = (ms: number) =>
    Number.isNaN(ms)
      ? 'not measured'
      : ms === Infinity
        ? 'not within the budget (median ∞)'
        : `${ms.toFixed(0)} ms`;
  const sixGoal = (c: Case, how: string): Goal => {
    const six = medianOf(c);
    return {
      goal: `6 people, ${how}: click → first frame from all 5 others, median ≤ 1000 ms`,
      achieved: shown(six),
      met: Number.isNaN(six) ? null : six <= 1000,
    };
  };
  return [
    ratioGoal(
      '2 people: click → first remote frame median ≤ 1.5× the browser floor',
      two / floorMs,
      1.5,
      `${shown(two)} vs floor first frame ${shown(floorMs)}`,
    ),
    sixGoal(
      { arm: 'sfu', n: 6, ownCpu: false },
      'on the SFU (where a 6-person room is once an SFU is configured), all six browsers on this machine’s two cores',
    ),
    sixGoal(
      { arm: 'sfu', n: 6, ownCpu: true },
      'on the SFU, the newcomer’s browser at normal priority and the other five at nice 10',
    ),
    sixGoal({ arm: 'mesh', n: 6, ownCpu: false }, 'in a mesh (no SFU configured)'),
  ];
}
