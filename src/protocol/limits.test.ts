import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './limits.js';

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes as TextEncoder would, lone surrogates as U+FFFD', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['abc', 3],
      ['é', 2],
      ['€uro', 6],
      ['😀', 4],
      ['a😀b', 6],
      ['\uD800', 3],
      ['x\uDC00y', 5],
      ['中文字幕', 12],
    ];
    for (const [text, bytes] of cases)
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(bytes);
  });
});
