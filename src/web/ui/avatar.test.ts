import { describe, expect, it } from 'vitest';
import { avatarHue, initials } from './avatar.js';

describe('initials', () => {
  it('takes the first letters of up to two words', () => {
    expect(initials('Ann')).toBe('A');
    expect(initials('ann lee')).toBe('AL');
    expect(initials('  Mary Ann  Lee ')).toBe('MA');
  });

  it('takes one character of a Chinese name and copes with emoji and nothing', () => {
    expect(initials('王小明')).toBe('王');
    expect(initials('😀 Bob')).toBe('😀B');
    expect(initials('   ')).toBe('?');
  });
});

describe('avatarHue', () => {
  it('is stable per name and spreads names over the palette', () => {
    expect(avatarHue('Ann')).toBe(avatarHue('Ann'));
    const hues = new Set(['Ann', 'Ben', 'Cho', 'Dee', 'Eve', 'Fay'].map(avatarHue));
    expect(hues.size).toBeGreaterThan(2);
  });
});
