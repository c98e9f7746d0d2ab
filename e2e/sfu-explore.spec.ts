import { appendFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { configuredLaunchOptions, joinMeeting, openApp, playback, type User } from './app-driver.js';
import { test, WEB_DIR } from './fixtures.js';
import { pino } from 'pino';
import { ConfabServer } from '../src/server/index.js';
import { recordPeerConnections } from './support/peer-connections.js';
import { writeY4mCamera } from './support/y4m.js';

test('explore: 5 people through the UI, mesh to SFU', async () => {
  test.setTimeout(180_000);
  const camera = await writeY4mCamera();
  const server = new ConfabServer({ host: '127.0.0.1', port: 0, staticDir: WEB_DIR, withSfu: true, meshMax: 4, sfuHoldMs: 2000 }, { logger: pino({ level: 'debug' }, pino.destination('/tmp/sfu-int-server.log')), localJanus: { rtpMinPort: 20000, rtpMaxPort: 20999, debugLevel: 5, onLogLine: (l) => { appendFileSync('/tmp/sfu-int-janus.log', l + '\n'); } } as never });
  await server.listen();
  const confab = { url: server.url(), server };
  const launch = configuredLaunchOptions();
  const browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), camera.flag] });
  const users: User[] = [];
  try {
    const t0 = Date.now();
    for (const name of ['Ann', 'Ben', 'Chen', 'Dee', 'Eve']) {
      const user = await openApp(browser, name);
      user.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[${name}] ${m.type()}: ${m.text()}`); });
      await user.page.addInitScript(recordPeerConnections);
      await user.page.addInitScript(() => {
        const log: string[] = [];
        (window as unknown as { wslog: string[] }).wslog = log;
        const t0 = performance.now();
        const d = (dir: string, text: string) => { try { const m = JSON.parse(text) as Record<string, unknown>; const sdp = typeof m['sdp'] === 'string' ? m['sdp'] : ''; const o = /o=\S+ (\d+) (\d+)/.exec(sdp); const uf = /a=ice-ufrag:(\S+)/.exec(sdp); const extra = m['type'] === 'error' ? `${String(m['code'])} ${String(m['message'])}` : m['type'] === 'room-mode' ? JSON.stringify(m['mode']) : m['type'] === 'sfu-candidate' ? `${String(m['pc'])} ${JSON.stringify(m['candidate'])?.slice(0, 60)}` : m['type'] === 'app' ? JSON.stringify(m['data']).slice(0, 80) : m['type'] === 'sfu-layers' ? JSON.stringify(m['choices']) : ''; const streams = Array.isArray(m['streams']) ? ` streams=${(m['streams'] as {mid:string}[]).map((x) => x.mid).join(',')}` : ''; if (m['type'] === 'signal' || m['type'] === 'ping' || m['type'] === 'pong') return; log.push(`${Math.round(performance.now() - t0)} ${dir} ${String(m['type'])} ep=${String(m['epoch'] ?? '')} ${o ? `o=${o[1]}/${o[2]}` : ''} ${uf ? `uf=${uf[1]}` : ''}${streams} ${extra}`); } catch { /* */ } };
        const Orig = window.WebSocket;
        window.WebSocket = class extends Orig { constructor(u: string | URL, p?: string | string[]) { super(u, p); this.addEventListener('message', (e: MessageEvent) => { d('<', String(e.data)); }); } send(x: string) { d('>', x); super.send(x); } } as typeof WebSocket;
      });
      users.push(user);
      await user.page.goto(`${confab.url}/r/explore`);
      await joinMeeting(user.page, name);
      console.log(`${name} joined at ${Date.now() - t0}`);
    }
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      for (const u of users) {
        const pb = await playback(u.page);
        const path = await u.page.locator('.media-path').textContent();
        const pcs = await u.page.evaluate(() => (window.confabTestPeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed').map((pc) => `${pc.connectionState}/${pc.getTransceivers().length}`).join(','));
        const sub = await u.page.evaluate(async () => { const pcs = (window.confabTestPeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed' && pc.getTransceivers().length > 2); const out: string[] = []; for (const pc of pcs) { const r = await pc.getStats(); out.push(`ice=${pc.iceConnectionState} gather=${pc.iceGatheringState} sig=${pc.signalingState}`); r.forEach((s: Record<string, unknown>) => { if (s['type'] === 'candidate-pair') out.push(`pair ${String(s['state'])} nom=${String(s['nominated'])} req=${String(s['requestsSent'])} resp=${String(s['responsesReceived'])}`); if (s['type'] === 'local-candidate' || s['type'] === 'remote-candidate') out.push(`${String(s['type'])} ${String(s['address'])}:${String(s['port'])} ${String(s['candidateType'])} ${String(s['protocol'])}`); }); out.push('remote-sdp-cands: ' + (pc.remoteDescription?.sdp.match(/a=candidate.*/g) ?? []).join(' | ')); out.push('ufrag-remote: ' + (pc.remoteDescription?.sdp.match(/a=ice-ufrag:.*/g) ?? []).join(',')); } return out.join('\n   '); });
        if (i === 7) { console.log(`${u.name} SUB:\n   ${sub}`); console.log((await u.page.evaluate(() => (window as unknown as { wslog: string[] }).wslog)).join('\n')); }
        console.log(`${Date.now() - t0} ${u.name} [${path}] pcs=${pcs} ${pb.map((p) => `${p.name}:${p.state}:${p.videoWidth}:${p.videoTime.toFixed(1)}:${p.audioFlowing}`).join(' ')}`);
      }
    }
  } finally {
    await Promise.all(users.map((u) => u.context.close()));
    await browser.close();
    await confab.server.close();
    await camera.remove();
  }
});
