import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, startConfab, test } from './fixtures.js';
import { startTurnLab, type TurnLab } from './support/turn-lab.js';

// `confab doctor` starts its own headless Chromium; this file only drives the built CLI.
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SECRET = 'doctor-cli-secret';

function doctor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, 'doctor', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

let lab: TurnLab;
test.beforeAll(async () => {
  lab = await startTurnLab(SECRET);
});
test.afterAll(async () => {
  await lab.stop();
});

test('confab doctor: every verdict works against a real coturn, exit 0; --json holds no credential', async () => {
  const confab = await startConfab({
    turnUrls: [lab.urls.udp, lab.urls.tcp, lab.urls.turns],
    stunUrls: [lab.urls.stun],
    turnSecret: SECRET,
  });
  try {
    const text = await doctor(['--server', confab.url, '--insecure', '--timeout', '10']);
    expect(text.code, text.stderr).toBe(0);
    for (const line of [
      'STUN      works',
      'TURN/UDP  works: relays data',
      'TURN/TCP  works: relays data',
      'TURNS     works: relays data',
    ]) {
      expect(text.stdout).toContain(line);
    }
    expect(text.stdout).toMatch(/relay↔relay \(udp\)/);
    expect(text.stdout).toMatch(
      /Calls across networks will work: TURN\/UDP relays data, RTT [\d.]+ ms/,
    );

    const json = await doctor([
      '--server',
      confab.url,
      '--insecure',
      '--json',
      '--policy',
      'relay',
    ]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      policy: string;
      iceServers: { credential?: string }[];
      gathering: { candidates: { type: string }[] };
    };
    expect(report.policy).toBe('relay');
    expect(report.gathering.candidates.length).toBeGreaterThan(0);
    expect(report.gathering.candidates.every((c) => c.type === 'relay')).toBe(true);
    expect(report.iceServers.some((s) => s.credential === '[redacted]')).toBe(true);
    expect(json.stdout).not.toContain(SECRET);
    // TURN REST usernames are "<unix expiry>:<user>"; credentials are 28-character base64 HMACs.
    expect(json.stdout).not.toMatch(/"\d{10}:doctor-/);
    expect(json.stdout).not.toMatch(/"[A-Za-z0-9+/]{27}="/);
  } finally {
    await confab.server.close();
  }
});

test('confab doctor: wrong secret → 401 explanation and exit 1; unreachable server → exit 3', async () => {
  const confab = await startConfab({
    turnUrls: [lab.urls.udp],
    stunUrls: [lab.urls.stun],
    turnSecret: 'wrong',
  });
  try {
    const result = await doctor(['--server', confab.url, '--timeout', '8']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('TURN/UDP  fails: the server refused the credentials (401)');
    expect(result.stdout).toMatch(/Calls across networks may fail/);
  } finally {
    await confab.server.close();
  }
  const down = await doctor(['--server', confab.url]);
  expect(down.code).toBe(3);
  expect(down.stderr).toMatch(/cannot open .*\/doctor/);
});
