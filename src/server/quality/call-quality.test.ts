import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_TELEMETRY_REPORTS,
  type AdminRoomsResponse,
  type ConnectionReport,
} from '../../protocol/index.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

const ADMIN_TOKEN = 'admin-token-for-tests-of-32-chars-or-more';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

async function server(): Promise<RunningServer> {
  // A long interval: the second report of a test is "too soon" without any waiting.
  const started = await startTestServer({ adminToken: ADMIN_TOKEN, telemetryIntervalMs: 60_000 });
  servers.push(started);
  return started;
}

const report = (overrides: Partial<ConnectionReport> = {}): ConnectionReport => ({
  path: 'mesh',
  localType: 'host',
  remoteType: 'host',
  protocol: 'udp',
  rttMs: 12,
  lossRatio: 0,
  fps: 30,
  freezeSeconds: 0,
  ...overrides,
});

/** `name{labels} value` lines of the metrics text that start with `prefix`. */
async function metrics(base: string, prefix: string): Promise<string[]> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(prefix));
}

async function rooms(base: string): Promise<AdminRoomsResponse> {
  const response = await fetch(`${base}/api/admin/rooms`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AdminRoomsResponse;
}

describe('call-quality telemetry', () => {
  it('aggregates reports into /metrics by candidate type, setup time, failures and freezes', async () => {
    const { httpUrl, member } = await server();
    const ann = await member('q', 'Ann');
    const bob = await member('q', 'Bob');
    ann.client.send({
      type: 'telemetry',
      reports: [report({ setupMs: 800, freezeSeconds: 1.5 })],
    });
    bob.client.send({
      type: 'telemetry',
      reports: [
        report({ localType: 'relay', protocol: 'tcp', rttMs: 80, lossRatio: 0.02 }),
        report({ localType: null, remoteType: null, protocol: null, iceFailure: 'ice-failed' }),
      ],
    });
    await ann.client.roundTrip();
    await bob.client.roundTrip();
    expect(await metrics(httpUrl, 'confab_calls_by_candidate_type')).toEqual([
      'confab_calls_by_candidate_type{type="host"} 1',
      'confab_calls_by_candidate_type{type="srflx"} 0',
      'confab_calls_by_candidate_type{type="prflx"} 0',
      'confab_calls_by_candidate_type{type="relay"} 1',
    ]);
    expect(await metrics(httpUrl, 'confab_relayed_share')).toEqual(['confab_relayed_share 0.5']);
    expect(await metrics(httpUrl, 'confab_call_setup_seconds_count')).toEqual([
      'confab_call_setup_seconds_count 1',
    ]);
    expect(await metrics(httpUrl, 'confab_call_setup_seconds_bucket{le="1"}')).toEqual([
      'confab_call_setup_seconds_bucket{le="1"} 1',
    ]);
    expect(await metrics(httpUrl, 'confab_ice_failures_total')).toEqual([
      'confab_ice_failures_total{reason="ice-failed"} 1',
    ]);
    expect(await metrics(httpUrl, 'confab_freeze_seconds_total')).toEqual([
      'confab_freeze_seconds_total 1.5',
    ]);
    expect(await metrics(httpUrl, 'confab_telemetry_reports_total')).toEqual([
      'confab_telemetry_reports_total 3',
    ]);
    // Nothing in /metrics names a member or a room.
    const all = await (await fetch(`${httpUrl}/metrics`)).text();
    for (const secret of [ann.id, bob.id, 'Ann', '"q"']) expect(all).not.toContain(secret);
  });

  it('refuses a second report within the interval and malformed or oversized ones, keeping the call', async () => {
    const { httpUrl, member } = await server();
    const ann = await member('limits', 'Ann');
    ann.client.send({ type: 'telemetry', reports: [report()] });
    ann.client.send({ type: 'telemetry', reports: [report()] });
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'rate-limited' });
    ann.client.send({
      type: 'telemetry',
      reports: Array.from({ length: MAX_TELEMETRY_REPORTS + 1 }, () => report()),
    });
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'bad-message' });
    ann.client.send({ type: 'telemetry', reports: [{ ...report(), rttMs: -1 }] });
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'bad-message' });
    ann.client.send({ type: 'telemetry', reports: [{ ...report(), peer: 'someone' }] });
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'bad-message' });
    await ann.client.roundTrip();
    expect(ann.client.isClosed).toBe(false);
    expect(await metrics(httpUrl, 'confab_telemetry_refused_total')).toEqual([
      'confab_telemetry_refused_total{reason="too-frequent"} 1',
    ]);
    expect(await metrics(httpUrl, 'confab_telemetry_reports_total')).toEqual([
      'confab_telemetry_reports_total 1',
    ]);
  });

  it('refuses reports before a join', async () => {
    const { connect } = await server();
    const client = await connect();
    client.send({ type: 'telemetry', reports: [report()] });
    expect(await client.nextOf('error')).toMatchObject({ code: 'not-joined' });
  });

  it('shows a member’s latest reports on the admin API and forgets them when it leaves', async () => {
    const { httpUrl, member } = await server();
    const ann = await member('admin-q', 'Ann');
    const bob = await member('admin-q', 'Bob');
    ann.client.send({ type: 'telemetry', reports: [report({ rttMs: 42 })] });
    await ann.client.roundTrip();
    const listed = (await rooms(httpUrl)).rooms.find((room) => room.room === 'admin-q');
    expect(listed?.path).toBe('mesh');
    expect(
      listed?.members.map((m) => [m.name, m.attached, m.quality?.connections[0]?.rttMs]),
    ).toEqual([
      ['Ann', true, 42],
      ['Bob', true, undefined],
    ]);
    ann.client.send({ type: 'leave' });
    await bob.client.nextOf('peer-left');
    expect(await metrics(httpUrl, 'confab_calls_by_candidate_type{type="host"}')).toEqual([
      'confab_calls_by_candidate_type{type="host"} 0',
    ]);
  });
});
