// Issue 17's goals for a bad network, judged on confab's figures (PeerJS's shown beside).
import type { Impairment } from './impairment.js';
import type { Arm } from './page/types.js';
import type { Goal } from '../lib/results.js';

export interface CaseKey {
  readonly arm: Arm;
  readonly n: number;
  readonly impairment: Impairment;
}

type Figure = (key: CaseKey, metric: string) => number;

const LOSS_5: Impairment = { kind: 'loss', percent: 5 };
const UPLINK_500: Impairment = { kind: 'police', kbitPerSecond: 500 };

function shown(value: number, digits: number, unit = ''): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : 'not measured';
}

function judge(values: readonly number[], ok: (v: number) => boolean): boolean | null {
  return values.length > 0 && values.every((v) => Number.isFinite(v)) ? values.every(ok) : null;
}

export function networkGoals(sizes: readonly number[], figure: Figure): Goal[] {
  const at = (arm: Arm, n: number, impairment: Impairment, metric: string) =>
    figure({ arm, n, impairment }, metric);
  const per = (
    metric: string,
    impairment: Impairment,
    scale: number,
    digits: number,
    unit: string,
  ) =>
    sizes
      .map(
        (n) =>
          `N=${String(n)}: ${shown(at('confab', n, impairment, metric) * scale, digits, unit)} (PeerJS ${shown(at('peerjs', n, impairment, metric) * scale, digits, unit)})`,
      )
      .join('; ');
  const freeze = sizes.map((n) => at('confab', n, LOSS_5, 'freezeSecondsPerMinute'));
  const concealed = sizes.map((n) => at('confab', n, LOSS_5, 'concealedRatio'));
  const goals: Goal[] = [
    {
      goal: '5 % loss: no more than 1 s of video freeze per minute',
      achieved: per('freezeSecondsPerMinute', LOSS_5, 1, 2, ' s/min'),
      met: judge(freeze, (v) => v <= 1),
    },
    {
      goal: '5 % loss: under 5 % concealed audio',
      achieved: per('concealedRatio', LOSS_5, 100, 1, ' %'),
      met: judge(concealed, (v) => v < 0.05),
    },
  ];
  const four = sizes.includes(4);
  const gaps = four ? at('confab', 4, UPLINK_500, 'audioDropoutSeconds') : Number.NaN;
  const fps = four ? at('confab', 4, UPLINK_500, 'fps') : Number.NaN;
  const peerGaps = four ? at('peerjs', 4, UPLINK_500, 'audioDropoutSeconds') : Number.NaN;
  const peerFps = four ? at('peerjs', 4, UPLINK_500, 'fps') : Number.NaN;
  const concealed500 = four ? at('confab', 4, UPLINK_500, 'concealedRatio') : Number.NaN;
  goals.push(
    {
      goal: '500 kbit/s uplink, 4 people: audio never drops out',
      achieved: `${shown(gaps, 0)} gap seconds, ${shown(concealed500 * 100, 1, ' %')} concealed (PeerJS ${shown(peerGaps, 0)} gap seconds)`,
      met: judge([gaps], (v) => v === 0),
    },
    {
      goal: '500 kbit/s uplink, 4 people: video keeps at least 5 fps',
      achieved: `worst ${shown(fps, 1, ' fps')} (PeerJS ${shown(peerFps, 1, ' fps')})`,
      met: judge([fps], (v) => v >= 5),
    },
  );
  return goals;
}
