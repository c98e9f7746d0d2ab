import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomModeMessage } from '../../protocol/index.js';
import { JanusInspector, sfuHealthy } from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

// One server with its own Janus (--with-sfu) for every test here: rooms switch at the 5th
// member (meshMax 4) and back after a short hold.

let server: RunningServer;
let janus: JanusInspector | undefined;
let rooms = 0;
const room = (): string => `switch-${String(++rooms)}`;
const inspector = (): JanusInspector => {
  if (janus === undefined) throw new Error('no Janus');
  return janus;
};

beforeAll(async () => {
  server = await startTestServer({ withSfu: true, meshMax: 4, sfuHoldMs: 300 });
  await sfuHealthy(server.server);
  janus = await JanusInspector.ofServer(server.server);
});
afterAll(async () => {
  await janus?.close();
  await (server as RunningServer | undefined)?.stop();
});

async function members(name: string, count: number): Promise<{ client: TestClient; id: string }[]> {
  const joined = [];
  for (let i = 0; i < count; i++) joined.push(await server.member(name, `M${String(i)}`));
  return joined;
}

async function modeOf(client: TestClient, timeoutMs = 5000): Promise<RoomModeMessage> {
  return client.nextOf('room-mode', timeoutMs);
}

describe('automatic switching (local Janus)', () => {
  it('moves the whole room to the SFU at the 5th member: same epoch for all, one private Janus room', async () => {
    const r = room();
    const four = await members(r, 4);
    for (const { client } of four) expect(client.all('room-mode')).toEqual([]);
    const fifth = await server.member(r, 'Fifth');
    const everyone = [...four, fifth];
    const modes = await Promise.all(everyone.map(({ client }) => modeOf(client)));
    for (const mode of modes)
      expect(mode).toEqual({
        type: 'room-mode',
        mode: { path: 'sfu', epoch: 1, pinned: false },
        reason: 'grew',
      });
    const record = (await server.server.hub.roomState(r)).record;
    const listed = (await inspector().admin.listRooms()).filter((j) => j.room === record.janusRoom);
    expect(listed).toEqual([
      expect.objectContaining({ is_private: true, description: `confab ${r}` }),
    ]);
    // Every member joined it as a participant under its confab id and name, never its own words.
    await expect
      .poll(async () => (await inspector().admin.listParticipants(record.janusRoom ?? '')).length)
      .toBe(5);
    const participants = await inspector().admin.listParticipants(record.janusRoom ?? '');
    expect(new Set(participants.map((p) => `${p.id}:${p.display ?? ''}`))).toEqual(
      new Set([...four.map(({ id }, i) => `${id}:M${String(i)}`), `${fifth.id}:Fifth`]),
    );
    // A newcomer's welcome says so at once.
    const sixth = await server.connect();
    expect((await sixth.join(r, 'Sixth')).mode).toEqual({ path: 'sfu', epoch: 1, pinned: false });
    // App messages (chat) go on through the server, to one member or to all.
    sixth.send({ type: 'app', data: { chat: 'hello everyone' } });
    sixth.send({ type: 'app', to: fifth.id, data: { chat: 'hello you' } });
    expect(await fifth.client.nextOf('app')).toMatchObject({ data: { chat: 'hello everyone' } });
    expect(await fifth.client.nextOf('app')).toMatchObject({ data: { chat: 'hello you' } });
    for (const { client } of four)
      expect(await client.nextOf('app')).toMatchObject({ data: { chat: 'hello everyone' } });
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_sfu_switches_total\{reason="grew"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_rooms_by_path\{path="sfu"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_sfu_instances_healthy 1$/m);
    expect(metrics).toMatch(/^confab_sfu_switch_seconds_count\{path="sfu"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_messages_relayed_total\{kind="app"\} [1-9]/m);
  });

  it('moves it back to the mesh once it stayed at meshMax - 1 for the hold time, keeping the Janus room while members drain off it', async () => {
    const r = room();
    const everyone = await members(r, 5);
    await Promise.all(everyone.map(({ client }) => modeOf(client)));
    const { janusRoom } = (await server.server.hub.roomState(r)).record;
    const [first, second, ...rest] = everyone;
    await first?.client.close();
    // At 4 (= meshMax) it stays; at 3 the hold starts.
    await second?.client.close();
    for (const { client } of rest)
      expect(await modeOf(client)).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 2, pinned: false },
        reason: 'shrank',
      });
    expect(await inspector().admin.roomExists(janusRoom ?? '')).toBe(true);
  });
});
