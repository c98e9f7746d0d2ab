/** How the meeting is laid out: everyone alike, or the active speaker large. */
export type LayoutMode = 'grid' | 'speaker';

export interface StageTile {
  readonly owner: string;
  readonly source: 'camera' | 'screen';
}

export interface StageInput<T extends StageTile> {
  readonly mode: LayoutMode;
  readonly tiles: readonly T[];
  /** The tile pinned by this person, if any. */
  readonly pinned: T | null;
  /** The participant speaking now, or the last one who did. */
  readonly speaker: string | null;
  /** Our own id for tiles (`self`): never the speaker shown large unless pinned. */
  readonly self: string;
}

/**
 * Which tiles take the stage: a pinned tile always wins; in speaker view, shared screens,
 * else the (last) active speaker, else the first other participant; in the grid, shared
 * screens only. Pure, so the rule is tested once.
 */
export function chooseStage<T extends StageTile>(input: StageInput<T>): T[] {
  const { mode, tiles, pinned, speaker, self } = input;
  if (pinned !== null && tiles.includes(pinned)) return [pinned];
  const screens = tiles.filter((tile) => tile.source === 'screen');
  if (mode === 'grid' || screens.length > 0) return screens;
  const cameras = tiles.filter((tile) => tile.source === 'camera' && tile.owner !== self);
  const speaking = cameras.find((tile) => tile.owner === speaker);
  const first = speaking ?? cameras[0];
  return first === undefined ? [] : [first];
}
