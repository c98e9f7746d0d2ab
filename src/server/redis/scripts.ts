import { createHash } from 'node:crypto';
import type { RedisConnection } from './connection.js';
import { LUA_SCRIPTS, type ScriptName } from './lua.js';

const SHAS = Object.fromEntries(
  Object.entries(LUA_SCRIPTS).map(([name, source]) => [
    name,
    createHash('sha1').update(source).digest('hex'),
  ]),
);

/**
 * Runs the Lua scripts by SHA. They are loaded each time the connection comes up, before
 * anything else runs, so EVALSHA finds them; should Redis have forgotten them anyway
 * (SCRIPT FLUSH), the source is sent once with EVAL.
 */
export class Scripts {
  constructor(
    private readonly connection: RedisConnection,
    /** ARGV 1-6 shared by every script (see lua.ts). */
    private readonly commonArgs: () => readonly string[],
  ) {}

  async loadAll(): Promise<void> {
    for (const source of Object.values(LUA_SCRIPTS)) {
      await this.connection.send(['SCRIPT', 'LOAD', source], 'script-load');
    }
  }

  /** Sends the script now (the command is queued on the connection synchronously). */
  async run(name: ScriptName, args: readonly (string | Buffer)[]): Promise<unknown> {
    const argv = [...this.commonArgs(), ...args];
    const sha = SHAS[name] ?? '';
    try {
      return await this.connection.send(['EVALSHA', sha, '0', ...argv], name);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.connection.send(['EVAL', LUA_SCRIPTS[name], '0', ...argv], name);
    }
  }
}
