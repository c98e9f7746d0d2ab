import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../protocol/index.js';
import { secretValues } from './janus-secrets.js';
import {
  JanusInspector,
  PUBLISHER_ICE_PWD,
  PUBLISHER_OFFER,
  PUBLISHER_SOURCES,
  sfuHealthy,
} from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

// Forged SFU messages: each gets its typed error, nothing reaches Janus for another room,
// the other members notice nothing, and no Janus secret (nor an SDP ice-pwd) shows up in
// any frame or log line. The server logs at debug level into `logLines`.

const logLines: string[] = [];
let server: RunningServer;
let janus: JanusInspector | undefined;
const clients: TestClient[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  server = await startTestServer({ withSfu: true, meshMax: 2 }, undefined, { logger });
  await sfuHealthy(server.server);
  janus = await JanusInspector.ofServer(server.server);
});
afterAll(async () => {
  await janus?.close();
  await (server as RunningServer | undefined)?.stop();
});

async function join(room: string, name: string): Promise<{ client: TestClient; id: string }> {
  const member = await server.member(room, name);
  clients.push(member.client);
  return member;
}

async function errorFor(client: TestClient, message: Record<string, unknown>): Promise<ErrorCode> {
  const before = client.all('error').length;
  client.send(message);
  await client.roundTrip();
  const errors = client.all('error').slice(before);
  expect(errors, JSON.stringify(message).slice(0, 120)).toHaveLength(1);
  return errors[0]?.code ?? 'bad-message';
}

const publish = (epoch: number, extra: Record<string, unknown> = {}) => ({
  type: 'sfu-publish',
  epoch,
  sdp: PUBLISHER_OFFER,
  sources: PUBLISHER_SOURCES,
  ...extra,
});

describe('forged SFU messages', () => {
  it('get typed errors and never touch another room, another member, or a secret', async () => {
    const annRoom = await Promise.all(['Ann', 'Bob', 'Cy'].map((name) => join('forged-a', name)));
    const [ann, bob] = annRoom;
    const [eve] = await Promise.all(['Eve', 'Mallory', 'Trent'].map((n) => join('forged-b', n)));
    const [mesh] = await Promise.all(['Mesh', 'Other'].map((n) => join('forged-mesh', n)));
    if (!ann || !bob || !eve || !mesh) throw new Error('unreachable');
    for (const { client } of [...annRoom, eve]) await client.nextOf('room-mode');
    const { janusRoom } = (await server.server.hub.roomState('forged-a')).record;
    const janusA = janusRoom ?? '';
    await expect
      .poll(async () => (await inspectorOf().admin.listParticipants(janusA)).length)
      .toBe(3);

    const stranger = await server.connect();
    clients.push(stranger);
    expect(await errorFor(stranger, publish(1))).toBe('not-joined');
    expect(await errorFor(stranger, { type: 'sfu-leave', epoch: 1 })).toBe('not-joined');

    // Another room's peer, a stale epoch, a made-up future epoch.
    const layers = {
      type: 'sfu-layers',
      epoch: 1,
      choices: [{ peer: ann.id, source: 'camera', layer: 2 }],
    };
    expect(await errorFor(eve.client, layers)).toBe('unknown-peer');
    expect(await errorFor(eve.client, publish(0))).toBe('stale-epoch');
    expect(await errorFor(eve.client, publish(7))).toBe('stale-epoch');
    expect(await errorFor(eve.client, { type: 'sfu-answer', epoch: 0, sdp: 'v=0' })).toBe(
      'stale-epoch',
    );
    // Shapes the schema refuses: a wrong pc, a field naming a room or a display name.
    const candidate = { candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: '0' };
    expect(
      await errorFor(eve.client, { type: 'sfu-candidate', epoch: 1, pc: 'admin', candidate }),
    ).toBe('bad-message');
    expect(await errorFor(eve.client, publish(1, { room: 'forged-a' }))).toBe('bad-message');
    expect(await errorFor(eve.client, publish(1, { display: 'Ann' }))).toBe('bad-message');
    // An SDP over the SFU limit (the frame itself still fits), and a frame over the frame limit.
    expect(await errorFor(eve.client, publish(1, { sdp: 'v=0\r\n'.padEnd(140_000, 'a') }))).toBe(
      'bad-message',
    );
    // Requests that parse but break the publish rules, and an answer without an offer.
    const twoCameras = [
      { mid: '1', source: 'camera' },
      { mid: '2', source: 'camera' },
    ];
    expect(await errorFor(eve.client, publish(1, { sources: twoCameras }))).toBe('sfu-failed');
    expect(
      await errorFor(eve.client, publish(1, { sources: [{ mid: '9', source: 'camera' }] })),
    ).toBe('sfu-failed');
    expect(await errorFor(eve.client, { type: 'sfu-answer', epoch: 1, sdp: 'v=0\r\n' })).toBe(
      'sfu-failed',
    );
    // In a mesh room there is no SFU session to speak to.
    expect(await errorFor(mesh.client, publish(0))).toBe('sfu-failed');
    expect(await errorFor(mesh.client, publish(1))).toBe('stale-epoch');
    const huge = await join('forged-b', 'Huge');
    huge.client.sendRaw(JSON.stringify(publish(1, { sdp: 'x'.repeat(200_000) })));
    expect((await huge.client.closed).code).toBe(1009);

    // Nobody else noticed: no errors, no frames for room A from room B, Janus room A as it was.
    for (const { client } of annRoom) {
      await client.roundTrip();
      expect(client.all('error')).toEqual([]);
      expect(client.all('sfu-offer')).toEqual([]);
    }
    const ids = (await inspectorOf().admin.listParticipants(janusA)).map((p) => p.id).sort();
    expect(ids).toEqual(annRoom.map(({ id }) => id).sort());
    // A real publish still works for the forger in its own room, and only there.
    eve.client.send(publish(1));
    expect((await eve.client.nextOf('sfu-answer')).epoch).toBe(1);

    const process = server.server.sfu?.pool.local?.process;
    const secrets = process === null || process === undefined ? [] : secretValues(process.secrets);
    expect(secrets).toHaveLength(4);
    const frames = clients.map((client) => JSON.stringify(client.received)).join('\n');
    const log = logLines.join('');
    expect(log).toContain('room moved to the SFU');
    for (const secret of [...secrets, PUBLISHER_ICE_PWD]) {
      expect(frames.includes(secret)).toBe(false);
      expect(log.includes(secret)).toBe(false);
    }
  });
});

function inspectorOf(): JanusInspector {
  if (janus === undefined) throw new Error('no Janus');
  return janus;
}
