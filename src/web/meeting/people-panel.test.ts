import { describe, expect, it } from 'vitest';
import { rowsUnchanged, type Person } from './people-panel.js';

const ann: Person = {
  id: 'a1',
  name: 'Ann',
  self: false,
  state: 'connected',
  microphoneOn: true,
  detail: 'host · udp · 2 ms · 1.2 Mb/s',
};
const you: Person = { ...ann, id: 'self', name: 'Ben', self: true, state: null, detail: '' };

describe('people panel rows', () => {
  it('are drawn again when a row a person sees changes', () => {
    for (const change of [
      { name: 'Annie' },
      { state: 'reconnecting' as const },
      { microphoneOn: false },
      { id: 'a2' },
    ])
      expect(rowsUnchanged([you, ann], [you, { ...ann, ...change }], false)).toBe(false);
    expect(rowsUnchanged([you, ann], [you], false)).toBe(false);
    expect(rowsUnchanged([you, ann], [ann, you], false)).toBe(false);
  });

  it('leave out the connection details, which change every stats tick, while closed', () => {
    const next = [you, { ...ann, detail: 'host · udp · 3 ms · 1.1 Mb/s' }];
    expect(rowsUnchanged([you, ann], next, false)).toBe(true);
    expect(rowsUnchanged([you, ann], next, true)).toBe(false);
    expect(rowsUnchanged([you, ann], [you, { ...ann }], true)).toBe(true);
  });
});
