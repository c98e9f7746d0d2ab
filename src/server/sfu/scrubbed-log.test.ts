import { describe, expect, it } from 'vitest';
import { REDACTED, ScrubbedLog } from './scrubbed-log.js';

describe('ScrubbedLog', () => {
  it('replaces secrets, also when a chunk boundary splits one', () => {
    const lines: string[] = [];
    const log = new ScrubbedLog(['topsecret', 'other'], 1024, (line) => lines.push(line));
    log.write('api_secret: top');
    expect(log.text()).toBe('');
    log.write('secret\nadmin_key: other and topsecret\npartial oth');
    log.write('er');
    log.flush();
    expect(log.text()).toBe(
      `api_secret: ${REDACTED}\nadmin_key: ${REDACTED} and ${REDACTED}\npartial ${REDACTED}\n`,
    );
    expect(lines).toEqual([
      `api_secret: ${REDACTED}`,
      `admin_key: ${REDACTED} and ${REDACTED}`,
      `partial ${REDACTED}`,
    ]);
  });

  it('replaces a secret containing another one whole', () => {
    const log = new ScrubbedLog(['abc', 'xxabcxx']);
    log.write('key xxabcxx\n');
    expect(log.text()).toBe(`key ${REDACTED}\n`);
  });

  it('keeps only the newest lines within its bound', () => {
    const log = new ScrubbedLog([], 100);
    for (let i = 0; i < 100; i += 1) log.write(`line ${String(i)}\n`);
    expect(log.text().length).toBeLessThanOrEqual(100);
    expect(log.text().endsWith('line 99\n')).toBe(true);
    expect(log.text().startsWith('line ')).toBe(true);
    log.write('x'.repeat(500));
    log.flush();
    expect(log.text()).toBe(`${'x'.repeat(99)}\n`);
  });
});
