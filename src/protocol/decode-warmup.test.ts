import { describe, expect, it } from 'vitest';
import { warmUpServerDecoding } from './decode-warmup.js';

describe('warmUpServerDecoding', () => {
  it('decodes every sample as valid, so the warm-up runs the paths real messages take', () => {
    expect(warmUpServerDecoding()).toEqual([]);
  });
});
