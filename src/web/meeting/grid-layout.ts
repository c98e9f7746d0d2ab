export interface GridLayout {
  readonly columns: number;
  readonly rows: number;
  /** Size of one tile in pixels (aspect kept, gaps subtracted). */
  readonly tileWidth: number;
  readonly tileHeight: number;
}

/**
 * The column count that makes `count` tiles of the given aspect ratio as large as possible
 * inside a `width` × `height` area (what every meeting app's gallery view does). With
 * `fill`, tiles then stretch to their whole cell (videos are cropped to fit): on a phone
 * held upright that beats letterboxing.
 */
export function bestGrid(
  count: number,
  width: number,
  height: number,
  aspect = 16 / 9,
  gap = 8,
  fill = false,
): GridLayout {
  let best: GridLayout = { columns: 1, rows: 1, tileWidth: 0, tileHeight: 0 };
  let bestWidth = 0;
  if (count <= 0 || width <= 0 || height <= 0) return best;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    if (cellWidth <= 0 || cellHeight <= 0) continue;
    const tileWidth = Math.min(cellWidth, cellHeight * aspect);
    if (tileWidth <= bestWidth) continue;
    bestWidth = tileWidth;
    best = {
      columns,
      rows,
      tileWidth: Math.floor(fill ? cellWidth : tileWidth),
      tileHeight: Math.floor(fill ? cellHeight : tileWidth / aspect),
    };
  }
  return best;
}
