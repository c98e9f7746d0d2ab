import { chromium } from 'playwright-core';
import { startCoturn, machineAddress } from './src/server/test-support/coturn.js';
import { mintTurnCredentials } from './src/server/turn-credentials.js';
import { CHROMIUM_ARGS } from './playwright.config.js';
const ip = machineAddress();
const turn = await startCoturn({ secret: 'S', host: ip, denyPrivatePeers: true, tls: { certFile: '/tmp/exp/cert.pem', keyFile: '/tmp/exp/key.pem' } });
const tlsPort = turn.process.config.tls?.port;
const good = mintTurnCredentials('S', 'x', 600, Date.now());
const bad = mintTurnCredentials('W', 'x', 600, Date.now());
const extra = process.argv.slice(2);
console.log('coturn up', tlsPort);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });
const page = await browser.newPage();
await page.addInitScript('window.__name = (f) => f'); await page.goto('about:blank');
async function gather(servers: unknown, policy: string) {
  return page.evaluate(async ({ servers, policy }) => {
    const t0 = performance.now();
    const pc = new RTCPeerConnection({ iceServers: servers as RTCIceServer[], iceTransportPolicy: policy as RTCIceTransportPolicy });
    const out: unknown[] = [];
    pc.onicecandidate = (e) => { if (e.candidate) out.push({ t: Math.round(performance.now()-t0), c: e.candidate.candidate, url: e.candidate.url, rp: e.candidate.relayProtocol }); };
    pc.onicecandidateerror = (e) => { out.push({ t: Math.round(performance.now()-t0), err: e.errorCode, text: e.errorText, url: e.url, addr: e.address }); };
    pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription();
    await new Promise<void>((r) => { const f = () => { if (pc.iceGatheringState === 'complete') r(); }; pc.onicegatheringstatechange = f; f(); setTimeout(r, 60000); });
    out.push({ done: Math.round(performance.now()-t0) });
    pc.close();
    return out;
  }, { servers, policy });
}
const p = turn.port;

console.log('ALL+stun', JSON.stringify(await gather([{ urls: `stun:${ip}:${p}` }], 'all'), null, 0));
console.log('TURNS good', JSON.stringify(await gather([{ urls: `turns:${ip}:${tlsPort}?transport=tcp`, ...good }], 'relay')));
await browser.close();
