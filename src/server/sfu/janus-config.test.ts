import { describe, expect, it } from 'vitest';
import {
  JanusConfigError,
  renderJanusConfig,
  type JanusConfig,
  type JanusConfigFile,
} from './janus-config.js';
import { deriveJanusSecrets } from './janus-secrets.js';

const secrets = deriveJanusSecrets('s'.repeat(32));

const base: JanusConfig = {
  dir: '/tmp/confab-janus-x',
  wsIp: '127.0.0.1',
  wsPort: 18188,
  rtpMinPort: 20000,
  rtpMaxPort: 20999,
  iceAddress: '192.0.2.2',
  natMapping: null,
  sessionTimeoutSeconds: 60,
  debugLevel: 4,
  secrets,
  stun: null,
  turn: null,
};

/** The `key = value` lines of one section of a rendered file. */
function section(file: JanusConfigFile, name: string, config = base): Record<string, string> {
  const text = renderJanusConfig(config)[file];
  const match = new RegExp(`^${name}: \\{\\n([^}]*)\\}`, 'm').exec(text);
  if (match === null) throw new Error(`no section ${name} in ${file}`);
  const entries = (match[1] ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [key, ...value] = line.trim().split(' = ');
      return [key ?? '', value.join(' = ')] as const;
    });
  return Object.fromEntries(entries);
}

describe('renderJanusConfig', () => {
  it('loads modules only from private folders inside the config dir and logs to stdout', () => {
    const general = section('janus.jcfg', 'general');
    expect(general).toMatchObject({
      configs_folder: '"/tmp/confab-janus-x"',
      plugins_folder: '"/tmp/confab-janus-x/plugins"',
      transports_folder: '"/tmp/confab-janus-x/transports"',
      events_folder: '"/tmp/confab-janus-x/events"',
      loggers_folder: '"/tmp/confab-janus-x/loggers"',
      log_to_stdout: 'true',
      debug_level: '4',
      debug_colors: 'false',
      exit_on_dl_error: 'true',
    });
    expect(section('janus.jcfg', 'events')).toEqual({ broadcast: 'false' });
    expect(section('janus.jcfg', 'plugins')).toEqual({});
  });

  it('requires the api_secret, replaces the admin secret and protects every folder', () => {
    const general = section('janus.jcfg', 'general');
    expect(general['api_secret']).toBe(`"${secrets.apiSecret}"`);
    expect(general['admin_secret']).toBe(`"${secrets.adminSecret}"`);
    expect(general['admin_secret']).not.toContain('janusoverlord');
    expect(general).toMatchObject({
      token_auth: 'false',
      session_timeout: '60',
      reclaim_session_timeout: '0',
      hide_dependencies: 'true',
      protected_folders: '["/"]',
    });
  });

  it('gathers ICE only on the given address, without mDNS, in its own port range', () => {
    expect(section('janus.jcfg', 'nat')).toMatchObject({
      ice_enforce_list: '"192.0.2.2"',
      ignore_mdns: 'true',
      ice_tcp: 'false',
      allow_force_relay: 'false',
    });
    expect(section('janus.jcfg', 'general')['interface']).toBe('"192.0.2.2"');
    expect(section('janus.jcfg', 'media')).toMatchObject({
      rtp_port_range: '"20000-20999"',
      ipv6: 'false',
    });
  });

  it('serves the API on plain WebSocket on the given address only, no admin API', () => {
    expect(section('janus.transport.websockets.jcfg', 'general')).toEqual({
      json: '"compact"',
      events: 'false',
      ws: 'true',
      ws_ip: '"127.0.0.1"',
      ws_port: '18188',
      wss: 'false',
      pingpong_trigger: '30',
      pingpong_timeout: '10',
    });
    expect(section('janus.transport.websockets.jcfg', 'admin')).toEqual({
      admin_ws: 'false',
      admin_wss: 'false',
    });
  });

  it('locks room creation and RTP forwarding behind the admin_key, with string ids and no rooms', () => {
    const file = renderJanusConfig(base)['janus.plugin.videoroom.jcfg'];
    expect(section('janus.plugin.videoroom.jcfg', 'general')).toEqual({
      admin_key: `"${secrets.adminKey}"`,
      lock_rtp_forward: 'true',
      string_ids: 'true',
      events: 'false',
    });
    expect(file).not.toMatch(/^room-/m);
  });

  it('has no STUN/TURN/NAT lines unless asked, and all of them when asked', () => {
    expect(Object.keys(section('janus.jcfg', 'nat'))).not.toContain('stun_server');
    const nat = section('janus.jcfg', 'nat', {
      ...base,
      natMapping: '203.0.113.7',
      stun: { host: 'stun.example.org', port: 3478 },
      turn: {
        host: '198.51.100.1',
        port: 443,
        transport: 'tls',
        user: 'janus',
        password: 'p"w\\d',
      },
    });
    expect(nat).toMatchObject({
      nat_1_1_mapping: '"203.0.113.7"',
      stun_server: '"stun.example.org"',
      stun_port: '3478',
      turn_server: '"198.51.100.1"',
      turn_port: '443',
      turn_type: '"tls"',
      turn_user: '"janus"',
      turn_pwd: '"p\\"w\\\\d"',
    });
  });

  it('never writes the master SFU secret, only derived ones', () => {
    const all = Object.values(renderJanusConfig(base)).join('\n');
    expect(all).not.toContain('s'.repeat(32));
    expect(new Set(Object.values(secrets)).size).toBe(4);
  });

  it.each([
    ['a host name as WebSocket address', { wsIp: 'localhost' }],
    ['a relative dir', { dir: 'tmp/x' }],
    ['an inverted port range', { rtpMinPort: 30000, rtpMaxPort: 20000 }],
    ['a port out of range', { wsPort: 70000 }],
    ['session timeout 0 (never)', { sessionTimeoutSeconds: 0 }],
    ['a debug level of 9', { debugLevel: 9 }],
    ['an ICE interface name', { iceAddress: 'eth0' }],
    ['a STUN host with a quote', { stun: { host: 'a"b', port: 3478 } }],
    [
      'a TURN password with a newline',
      { turn: { host: 'turn.example', port: 3478, transport: 'udp', user: 'u', password: 'a\nb' } },
    ],
  ] as const)('refuses %s', (_name, change) => {
    expect(() => renderJanusConfig({ ...base, ...change })).toThrow(JanusConfigError);
  });
});
