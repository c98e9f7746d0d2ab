import { describe, expect, it } from 'vitest';
import { utf8ByteLength, utf8WithinLimit } from './limits.js';

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

describe('utf8WithinLimit', () => {
  it('answers utf8ByteLength(text) <= max, also where the length alone cannot decide', () => {
    const texts = [
      '',
      'abc',
      'é'.repeat(5),
      '€'.repeat(4),
      '😀'.repeat(3),
      '\uD800'.repeat(4),
      'a€😀',
    ];
    for (const text of texts)
      for (let max = 0; max <= 14; max++)
        expect(utf8WithinLimit(text, max), `${JSON.stringify(text)} ≤ ${String(max)}`).toBe(
          utf8ByteLength(text) <= max,
        );
  });
});
