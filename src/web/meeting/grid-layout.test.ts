import { describe, expect, it } from 'vitest';
import { bestGrid } from './grid-layout.js';

const shape = (count: number, width: number, height: number, aspect = 16 / 9) => {
  const { columns, rows } = bestGrid(count, width, height, aspect, 0);
  return [columns, rows];
};

describe('bestGrid', () => {
  it('lays out a laptop screen like a gallery view', () => {
    expect(shape(1, 1280, 640)).toEqual([1, 1]);
    expect(shape(2, 1280, 640)).toEqual([2, 1]);
    expect(shape(3, 1280, 640)).toEqual([2, 2]);
    expect(shape(4, 1280, 640)).toEqual([2, 2]);
    expect(shape(5, 1280, 640)).toEqual([3, 2]);
    expect(shape(9, 1280, 640)).toEqual([3, 3]);
  });

  it('stacks square tiles on a phone held upright', () => {
    expect(shape(2, 390, 700, 1)).toEqual([1, 2]);
    expect(shape(3, 390, 700, 1)).toEqual([1, 3]);
    expect(shape(4, 390, 700, 1)).toEqual([2, 2]);
    expect(shape(6, 390, 700, 1)).toEqual([2, 3]);
  });

  it('keeps the aspect ratio and leaves room for gaps', () => {
    const layout = bestGrid(4, 1000, 600, 16 / 9, 10);
    expect(layout.tileHeight).toBe(Math.floor(layout.tileWidth / (16 / 9)));
    expect(layout.columns * layout.tileWidth + (layout.columns - 1) * 10).toBeLessThanOrEqual(1000);
    expect(layout.rows * layout.tileHeight + (layout.rows - 1) * 10).toBeLessThanOrEqual(600);
  });

  it('stretches tiles to their cells when asked to fill', () => {
    expect(bestGrid(3, 390, 700, 1, 10, true)).toEqual({
      columns: 1,
      rows: 3,
      tileWidth: 390,
      tileHeight: 226,
    });
  });

  it('picks the columns by tile size, not by the stretched size', () => {
    expect(bestGrid(4, 374, 733, 1, 8, true)).toMatchObject({ columns: 2, rows: 2 });
  });

  it('copes with nothing to lay out or no room', () => {
    expect(bestGrid(0, 800, 600).columns).toBe(1);
    expect(bestGrid(3, 0, 0).tileWidth).toBe(0);
  });
});
