import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { diesWithParent } from './executables.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('diesWithParent', () => {
  it('runs the binary as it is without setpriv', () => {
    expect(diesWithParent('janus', ['-F', 'dir'], null)).toEqual({
      command: 'janus',
      args: ['-F', 'dir'],
    });
  });

  it('has the kernel kill the child when its parent is SIGKILLed', async () => {
    const run = diesWithParent('sleep', ['30']);
    // A parent that starts the child, prints its pid and waits; it gets SIGKILL.
    const script = `const c = require('node:child_process').spawn(${JSON.stringify(run.command)}, ${JSON.stringify(run.args)}, { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
    const child = Number(chunk.toString().trim());
    expect(alive(child)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    await expect.poll(() => alive(child), { timeout: 5000 }).toBe(false);
  });
});
