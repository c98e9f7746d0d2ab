import { describe, expect, it } from 'vitest';
import { chooseStage, type StageTile } from './stage-choice.js';

const tile = (owner: string, source: StageTile['source'] = 'camera'): StageTile => ({
  owner,
  source,
});
const self = tile('self');
const ann = tile('ann');
const ben = tile('ben');
const benScreen = tile('ben', 'screen');
const base = { tiles: [self, ann, ben], pinned: null, speaker: null, self: 'self' } as const;

describe('chooseStage', () => {
  it('grid: nothing large unless someone shares a screen', () => {
    expect(chooseStage({ ...base, mode: 'grid', speaker: 'ann' })).toEqual([]);
    expect(chooseStage({ ...base, mode: 'grid', tiles: [...base.tiles, benScreen] })).toEqual([
      benScreen,
    ]);
  });

  it('speaker view: the speaker large, else the first other participant, never ourselves', () => {
    expect(chooseStage({ ...base, mode: 'speaker', speaker: 'ben' })).toEqual([ben]);
    expect(chooseStage({ ...base, mode: 'speaker', speaker: 'self' })).toEqual([ann]);
    expect(chooseStage({ ...base, mode: 'speaker', tiles: [self] })).toEqual([]);
  });

  it('a shared screen takes the stage in speaker view too', () => {
    const tiles = [...base.tiles, benScreen];
    expect(chooseStage({ ...base, tiles, mode: 'speaker', speaker: 'ann' })).toEqual([benScreen]);
  });

  it('a pinned tile wins over the speaker and screens, in either mode; a gone one does not', () => {
    const tiles = [...base.tiles, benScreen];
    for (const mode of ['grid', 'speaker'] as const)
      expect(chooseStage({ ...base, tiles, mode, pinned: ann, speaker: 'ben' })).toEqual([ann]);
    expect(chooseStage({ ...base, mode: 'speaker', pinned: tile('gone'), speaker: 'ben' })).toEqual(
      [ben],
    );
  });
});
