import { networkInterfaces } from 'node:os';

/**
 * This machine's first non-loopback IPv4 address, or null. coturn for browsers must listen
 * on one: Chromium ignores loopback for ICE.
 */
export function machineIPv4(): string | null {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  return null;
}
