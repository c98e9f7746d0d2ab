import { parseIceUrl } from '../../protocol/diagnostics/ice-url.js';

/** A server the user typed in; kept in this browser's localStorage only. */
export interface CustomServer {
  readonly url: string;
  readonly username: string;
  readonly credential: string;
}

const KEY = 'confab.doctor.servers';

export function loadCustomServers(): CustomServer[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(isCustomServer);
  } catch {
    return [];
  }
}

export function saveCustomServers(servers: readonly CustomServer[]): void {
  localStorage.setItem(KEY, JSON.stringify(servers));
}

function isCustomServer(value: unknown): value is CustomServer {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['url', 'username', 'credential'].every((key) => typeof record[key] === 'string');
}

/** Typed-in servers as RTCIceServers; invalid URLs come back as errors to show the user. */
export function toIceServers(servers: readonly CustomServer[]): {
  iceServers: RTCIceServer[];
  errors: string[];
} {
  const iceServers: RTCIceServer[] = [];
  const errors: string[] = [];
  for (const server of servers) {
    if (server.url.trim() === '') continue;
    const parsed = parseIceUrl(server.url);
    if (!parsed.ok) {
      errors.push(parsed.error);
      continue;
    }
    const entry: RTCIceServer = { urls: parsed.value.url };
    if (server.username !== '') entry.username = server.username;
    if (server.credential !== '') entry.credential = server.credential;
    iceServers.push(entry);
  }
  return { iceServers, errors };
}
