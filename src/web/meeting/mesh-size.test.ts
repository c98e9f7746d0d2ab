import { describe, expect, it } from 'vitest';
import { DEFAULT_MESH_WARNING_SIZE, meshTooLarge, meshWarningSize } from './mesh-size.js';

describe('mesh size warning', () => {
  it('defaults to 5 and takes a configured whole number from 2 up', () => {
    expect(DEFAULT_MESH_WARNING_SIZE).toBe(5);
    expect(meshWarningSize(undefined)).toBe(5);
    expect(meshWarningSize('8')).toBe(8);
    // Built without the variable, Vite leaves the placeholder as it is.
    for (const bad of ['', 'x', '1', '0', '-3', '4.5', '%VITE_CONFAB_MESH_WARNING_SIZE%'])
      expect(meshWarningSize(bad), bad).toBe(5);
  });

  it('warns once the meeting passes the limit', () => {
    expect(meshTooLarge(5, 5)).toBe(false);
    expect(meshTooLarge(6, 5)).toBe(true);
  });
});
