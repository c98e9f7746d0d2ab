// A small hand-written SVG chart per browser benchmark: one horizontal bar per (case, arm,
// metric) showing the median, with a whisker from p10 to p90.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell } from '../lib/results.js';

export interface ChartSeries {
  readonly metric: string;
  readonly label: string;
}

const COLORS: Record<string, string> = {
  confab: '#1f6feb',
  peerjs: '#d1242f',
  floor: '#6e7781',
  mesh: '#d1242f',
  sfu: '#1f6feb',
};
const ROW = 18;
const LABEL_WIDTH = 330;
const PLOT_WIDTH = 520;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes `<name>.svg` into `dir` and returns its file name. */
export function writeChart(
  dir: string,
  name: string,
  title: string,
  cells: readonly Cell[],
  series: readonly ChartSeries[],
): string {
  const rows: { label: string; color: string; median: number; low: number; high: number }[] = [];
  for (const cell of cells)
    for (const s of series) {
      const m = cell.metrics[s.metric];
      if (m === undefined || !Number.isFinite(m.median)) continue;
      rows.push({
        label: `${cell.case} · ${cell.target} · ${s.label}`,
        color: COLORS[cell.target] ?? '#8250df',
        median: m.median,
        low: m.p10,
        high: Number.isFinite(m.p90) ? m.p90 : m.median,
      });
    }
  const max = Math.max(1, ...rows.map((r) => r.high));
  const scale = (v: number): number => (Math.min(v, max) / max) * PLOT_WIDTH;
  const height = 40 + rows.length * ROW + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + 80;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width)}" height="${String(height)}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="20" font-size="13" font-weight="bold">${escape(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = 34 + i * ROW;
    const x0 = LABEL_WIDTH;
    parts.push(
      `<text x="${String(LABEL_WIDTH - 6)}" y="${String(y + 12)}" text-anchor="end">${escape(r.label)}</text>`,
      `<rect x="${String(x0)}" y="${String(y + 3)}" width="${scale(r.median).toFixed(1)}" height="${String(ROW - 6)}" fill="${r.color}" opacity="0.8"/>`,
      `<line x1="${(x0 + scale(r.low)).toFixed(1)}" x2="${(x0 + scale(r.high)).toFixed(1)}" y1="${String(y + ROW / 2)}" y2="${String(y + ROW / 2)}" stroke="#000"/>`,
      `<text x="${(x0 + scale(r.high) + 4).toFixed(1)}" y="${String(y + 12)}">${r.median.toFixed(0)}</text>`,
    );
  });
  const axisY = 34 + rows.length * ROW + 4;
  for (let t = 0; t <= 4; t++) {
    const x = LABEL_WIDTH + (PLOT_WIDTH * t) / 4;
    parts.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="30" y2="${String(axisY)}" stroke="#ddd"/>`,
      `<text x="${x.toFixed(1)}" y="${String(axisY + 14)}" text-anchor="middle">${((max * t) / 4).toFixed(0)}</text>`,
    );
  }
  parts.push('</svg>');
  const file = `${name}.svg`;
  writeFileSync(join(dir, file), `${parts.join('\n')}\n`);
  return file;
}
