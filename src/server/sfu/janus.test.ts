import { existsSync, readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { machineAddress } from '../test-support/coturn.js';
import { startJanus, type RunningJanus } from '../test-support/janus.js';
import { JanusClient } from './janus-client.js';
import { JanusClientError } from './janus-errors.js';
import { clientLoad, measureRoomCensus } from './janus-load.js';
import { startJanusProcess } from './janus-process.js';
import { secretValues } from './janus-secrets.js';
import { JanusError } from './janus-errors.js';
import { VIDEOROOM_PLUGIN } from './videoroom-handle.js';
import { VideoRoomAdmin } from './videoroom-admin.js';
import { joinAsPublisher } from './videoroom-publisher.js';
import { joinAsSubscriber } from './videoroom-subscriber.js';
import type { VideoRoomEvent } from './videoroom-wire.js';
import { frameText } from './janus-wire.js';

// Integration tests against Debian's real Janus, started like `confab sfu` starts it.

let janus: RunningJanus;
const clients: JanusClient[] = [];

beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus.stop();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(target = janus, keepaliveIntervalMs?: number): Promise<JanusClient> {
  const client = await JanusClient.connect({
    url: target.url,
    apiSecret: target.secrets.apiSecret,
    ...(keepaliveIntervalMs === undefined ? {} : { keepaliveIntervalMs }),
  });
  clients.push(client);
  return client;
}

/** One raw request on a fresh WebSocket, answered by the first reply frame. */
async function rawRequest(frame: object): Promise<Record<string, unknown>> {
  const socket = new WebSocket(janus.url, 'janus-protocol');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const reply = new Promise<Record<string, unknown>>((resolve) => {
    socket.once('message', (data) => {
      resolve(JSON.parse(frameText(data)) as Record<string, unknown>);
    });
  });
  socket.send(JSON.stringify({ transaction: 'raw', ...frame }));
  const answer = await reply;
  socket.close();
  return answer;
}

function janusErrorCode(error: unknown): number | null {
  return error instanceof JanusClientError ? error.janusCode : null;
}

describe('Janus started by confab (real Janus)', () => {
  it('loads only the VideoRoom plugin and the WebSocket transport, and logs no secret', async () => {
    const info = await rawRequest({ janus: 'info' });
    expect(Object.keys(info['plugins'] as object)).toEqual([VIDEOROOM_PLUGIN]);
    expect(Object.keys(info['transports'] as object)).toEqual(['janus.transport.websockets']);
    expect(info['dependencies']).toBeUndefined();
    expect(janus.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const log = janus.process.log();
    expect(log).toContain('VideoRoom will use alphanumeric IDs');
    for (const secret of [janus.sfuSecret, ...secretValues(janus.secrets)]) {
      expect(log).not.toContain(secret);
    }
  });

  it('refuses requests without the api_secret, or with a wrong one (403)', async () => {
    expect(await rawRequest({ janus: 'create' })).toMatchObject({
      janus: 'error',
      error: { code: 403 },
    });
    expect(await rawRequest({ janus: 'create', apisecret: 'guess' })).toMatchObject({
      janus: 'error',
      error: { code: 403 },
    });
    const error = await JanusClient.connect({ url: janus.url, apiSecret: 'guess' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'janus-error', janusCode: 403 });
  });

  it('creates rooms only with the admin_key; private rooms stay out of `list`', async () => {
    const client = await connect();
    const handle = await client.attach(VIDEOROOM_PLUGIN, 'admin');
    const missing = await handle
      .message({ request: 'create', room: 'no-key' })
      .catch(janusErrorCode);
    expect(missing).toBe(429);
    const wrong = await handle
      .message({ request: 'create', room: 'bad-key', admin_key: 'guess' })
      .catch(janusErrorCode);
    expect(wrong).toBe(433);
    const admin = await VideoRoomAdmin.attach(client, janus.secrets);
    await admin.createRoom('private-room');
    expect(await admin.roomExists('private-room')).toBe(true);
    expect(await admin.roomExists('no-key')).toBe(false);
    await expect(admin.createRoom('private-room')).rejects.toMatchObject({ janusCode: 427 });
    const { data } = await handle.message({ request: 'list' });
    expect(data['list']).toEqual([]);
    const rooms = await admin.listRooms();
    expect(rooms).toContainEqual(
      expect.objectContaining({
        room: 'private-room',
        is_private: true,
        videocodec: 'vp8,h264',
        // Opus FEC and DTX, as in the mesh (Janus answers publishers that ask for them).
        opus_fec: true,
        opus_dtx: true,
      }),
    );
    // The room secret guards destroy: a holder of only the api_secret cannot end a call.
    const noSecret = await handle
      .message({ request: 'destroy', room: 'private-room' })
      .catch(janusErrorCode);
    expect(noSecret).toBe(429);
    const badSecret = await handle
      .message({ request: 'destroy', room: 'private-room', secret: 'guess' })
      .catch(janusErrorCode);
    expect(badSecret).toBe(433);
    expect(await admin.destroyRoom('private-room')).toBe(true);
    expect(await admin.destroyRoom('private-room')).toBe(false);
  });

  it('shows the controller-forced id and display in listparticipants', async () => {
    const client = await connect();
    const admin = await VideoRoomAdmin.attach(client, janus.secrets);
    await admin.createRoom('names');
    const alice = await joinAsPublisher(client, 'names', { id: 'peer-alice', display: 'Alice' });
    expect(alice.joined).toMatchObject({ room: 'names', id: 'peer-alice', publishers: [] });
    const joining = new Promise<VideoRoomEvent>((resolve) => {
      alice.on('event', (event) => {
        if (event.type === 'joining') resolve(event);
      });
    });
    const bob = await joinAsPublisher(client, 'names', { id: 'peer-bob', display: 'Bob "B"' });
    expect(await joining).toEqual({
      type: 'joining',
      room: 'names',
      id: 'peer-bob',
      display: 'Bob "B"',
    });
    const participants = await admin.listParticipants('names');
    expect(participants.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'peer-alice', display: 'Alice', publisher: false },
      { id: 'peer-bob', display: 'Bob "B"', publisher: false },
    ]);
    const taken = await joinAsPublisher(client, 'names', { id: 'peer-alice', display: 'X' }).catch(
      janusErrorCode,
    );
    expect(taken).toBe(436);
    expect(clientLoad(client)).toEqual({
      healthy: true,
      handles: 3,
      publishers: 2,
      subscribers: 0,
    });
    const leaving = new Promise<VideoRoomEvent>((resolve) => {
      alice.on('event', (event) => {
        if (event.type === 'leaving') resolve(event);
      });
    });
    await bob.leave();
    expect(await leaving).toEqual({ type: 'leaving', room: 'names', id: 'peer-bob' });
    expect(await measureRoomCensus(admin)).toMatchObject({ participants: 1, publishing: 0 });
    await admin.destroyRoom('names');
  });

  it('answers a browser-free publish offer with candidates on the ICE address only', async () => {
    const client = await connect();
    const admin = await VideoRoomAdmin.attach(client, janus.secrets);
    await admin.createRoom('sdp');
    const publisher = await joinAsPublisher(client, 'sdp', { id: 'p1', display: 'P1' });
    const answer = await publisher.publish({ type: 'offer', sdp: minimalAudioOffer() });
    expect(answer.type).toBe('answer');
    expect(answer.sdp).toMatch(/^m=audio 9 UDP\/TLS\/RTP\/SAVPF 111/m);
    expect(answer.sdp).toContain('a=recvonly');
    const candidates = answer.sdp.split('\r\n').filter((line) => line.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) expect(candidate).toContain(` ${machineAddress()} `);
    await publisher.trickle('completed');
    const broken = await publisher
      .configure({ offer: { type: 'offer', sdp: 'v=0\r\n' } })
      .catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: 'janus-error', janusCode: 465 });
    // Nobody publishes media yet (no ICE partner): a subscription has no feed to offer.
    const subscription = await joinAsSubscriber(client, 'sdp', {
      privateId: publisher.joined.privateId,
      streams: [{ feed: 'p1' }],
    }).catch(janusErrorCode);
    expect(subscription).toBe(428);
    expect(clientLoad(client).subscribers).toBe(0);
    await admin.destroyRoom('sdp');
  });
});

describe('Janus sessions and failures (real Janus, own instance)', () => {
  it('keeps a keepalive session past session_timeout while a silent one expires', async () => {
    const short = await startJanus({ sessionTimeoutSeconds: 1 });
    try {
      const kept = await connect(short, 250);
      const silent = await connect(short, 0);
      const [reason] = await silent.next('closed');
      expect(reason.code).toBe('janus-session-lost');
      // The silent session expired, so session_timeout has passed for `kept` as well.
      expect(kept.state).toBe('open');
      const handle = await kept.attach(VIDEOROOM_PLUGIN, 'admin');
      expect(handle.id).toBeGreaterThan(0);
      expect(kept.health).toMatchObject({ healthy: true, keepaliveFailures: 0 });
      expect(kept.health.lastKeepaliveMs).not.toBeNull();
    } finally {
      await short.stop();
    }
  });

  it('tells the client at once when Janus is killed; stop() then cleans up, idempotently', async () => {
    const doomed = await startJanus();
    const client = await connect(doomed);
    const closed = client.next('closed');
    process.kill(doomed.process.pid, 'SIGKILL');
    const [reason] = await closed;
    expect(reason).toBeInstanceOf(JanusClientError);
    expect(reason.code).toBe('janus-unreachable');
    expect(clientLoad(client).healthy).toBe(false);
    expect(await doomed.process.exited).toBeNull();
    expect(existsSync(doomed.process.dir)).toBe(true);
    await doomed.stop();
    await doomed.stop();
    expect(existsSync(doomed.process.dir)).toBe(false);
  });

  it('stops on request (status 0) and removes its config dir', async () => {
    const running = await startJanus();
    const { dir } = running.process;
    expect(readdirSync(dir).sort()).toEqual([
      'events',
      'janus.jcfg',
      'janus.plugin.videoroom.jcfg',
      'janus.transport.websockets.jcfg',
      'loggers',
      'plugins',
      'transports',
    ]);
    await running.stop();
    expect(existsSync(dir)).toBe(false);
    expect(await running.process.exited).toBe(0);
  });

  it('says how to install Janus when it is missing', async () => {
    const error = await startJanusProcess({
      sfuSecret: 'x'.repeat(32),
      rtpMinPort: 40000,
      rtpMaxPort: 40099,
      binary: '/nonexistent/janus',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JanusError);
    expect(error).toMatchObject({ code: 'not-installed' });
    expect((error as Error).message).toContain(
      "install Debian's janus package: apt-get install janus",
    );
  });
});

/** The smallest offer Janus accepts: one Opus m-line, sendonly (no browser needed). */
function minimalAudioOffer(): string {
  const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendonly',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=ssrc:1111 cname:confab',
    '',
  ].join('\r\n');
}
