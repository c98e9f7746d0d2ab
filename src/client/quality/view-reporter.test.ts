import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewReporter, type ViewReport } from './view-reporter.js';

const view = { width: 320, height: 180, visible: true, spotlight: false };

describe('ViewReporter: telling each sender how we show it', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends device pixels once per burst of changes, and only changes that matter', () => {
    const sent: [string, ViewReport][] = [];
    const reporter = new ViewReporter(300, (id, report) => sent.push([id, report]));
    reporter.set('a', view, 2);
    reporter.set('a', { ...view, height: 190 }, 2);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([
      ['a', { width: 640, height: 380, visible: true, spotlight: false, saver: false }],
    ]);
    reporter.set('a', { ...view, height: 195 }, 2);
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(1);
    reporter.set('a', { ...view, height: 195, visible: false }, 2);
    vi.advanceTimersByTime(300);
    expect(sent.at(-1)?.[1].visible).toBe(false);
  });

  it('sends again to a fresh connection and when data saver changes', () => {
    const sent: [string, ViewReport][] = [];
    const reporter = new ViewReporter(10, (id, report) => sent.push([id, report]));
    reporter.set('a', view, 1);
    vi.advanceTimersByTime(10);
    reporter.resend('a');
    vi.advanceTimersByTime(10);
    reporter.setSaver(true);
    vi.advanceTimersByTime(10);
    expect(sent.map(([, r]) => r.saver)).toEqual([false, false, true]);
    reporter.forget('a');
    reporter.resend('a');
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(3);
  });

  it('adds whether the screen share tile is shown; hiding it or showing it again is sent', () => {
    const sent: ViewReport[] = [];
    const reporter = new ViewReporter(10, (_id, report) => sent.push(report));
    // No camera view yet: nothing to send (the camera tile is there as long as the person).
    reporter.setScreen('a', true);
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([]);
    reporter.set('a', view, 1);
    vi.advanceTimersByTime(10);
    expect(sent.at(-1)?.screen).toEqual({ visible: true });
    reporter.setScreen('a', true);
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(1);
    reporter.setScreen('a', false);
    vi.advanceTimersByTime(10);
    expect(sent.at(-1)).toMatchObject({ visible: true, screen: { visible: false } });
    reporter.setScreen('a', true);
    vi.advanceTimersByTime(10);
    expect(sent.map((r) => r.screen?.visible)).toEqual([true, false, true]);
  });

  it('leaves `screen` out for a participant whose screen we never showed', () => {
    const sent: ViewReport[] = [];
    const reporter = new ViewReporter(10, (_id, report) => sent.push(report));
    reporter.set('a', view, 1);
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(1);
    expect('screen' in (sent[0] ?? {})).toBe(false);
  });
});
