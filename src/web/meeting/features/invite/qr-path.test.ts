import { describe, expect, it } from 'vitest';
import { qrDrawing } from './qr-path.js';

/** The dark modules of a drawing, as a set of "x,y". */
function darkModules(path: string): Set<string> {
  return new Set([...path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('qrDrawing', () => {
  it('draws a QR code with its three finder patterns inside a quiet zone', () => {
    const link = 'https://meet.example.org/r/INYvKwPhJeALzghbRl3Zew#token=abc';
    const { size, path } = qrDrawing(link);
    // Version 4 or 5 (33 or 37 modules) plus two modules of quiet zone on each side.
    expect([37, 41]).toContain(size);
    const dark = darkModules(path);
    const quiet = [...dark].filter((m) => m.split(',').some((c) => Number(c) < 2));
    expect(quiet).toEqual([]);
    // A finder pattern: a 7×7 dark ring, a light ring, a 3×3 dark centre.
    for (const [ox, oy] of [
      [2, 2],
      [size - 9, 2],
      [2, size - 9],
    ] as const) {
      for (let i = 0; i < 7; i++) {
        expect(dark.has(`${String(ox + i)},${String(oy)}`)).toBe(true);
        expect(dark.has(`${String(ox)},${String(oy + i)}`)).toBe(true);
      }
      expect(dark.has(`${String(ox + 1)},${String(oy + 1)}`)).toBe(false);
      expect(dark.has(`${String(ox + 3)},${String(oy + 3)}`)).toBe(true);
    }
  });

  it('changes with the text', () => {
    expect(qrDrawing('https://a.example/r/one').path).not.toBe(
      qrDrawing('https://a.example/r/two').path,
    );
  });
});
