import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogThrottle } from './log-throttle.js';

describe('LogThrottle', () => {
  it('logs a key at most n times per window, then says how many it left out', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    let now = 0;
    const throttle = new LogThrottle(log, 2, 1000, () => now);
    for (let i = 0; i < 10; i++) throttle.info('a', { i }, 'refused');
    throttle.info('b', {}, 'refused');
    expect(lines.map((line) => [line['i'], line['suppressed']])).toEqual([
      [0, undefined],
      [1, undefined],
      [undefined, undefined],
    ]);
    now = 1000;
    throttle.warn('a', { i: 10 }, 'refused');
    expect(lines.at(-1)).toMatchObject({ i: 10, suppressed: 8, level: 40 });
  });
});
