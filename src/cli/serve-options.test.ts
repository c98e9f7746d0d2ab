import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SERVER_OPTIONS, resolveServerOptions } from '../server/index.js';
import { envName, parseFlags } from './flags.js';
import { OPTION_FLAGS, OPTION_NAMES, SERVE_FLAG_TABLE, SERVE_FLAGS } from './serve-flags.js';
import { flagWording, serveOptionsFromFlags } from './serve-options.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseFlags(SERVE_FLAGS, argv, env);

describe('confab serve flags → server options', () => {
  it('sizes rooms and frames for an SFU when one is configured, unless told otherwise', () => {
    const secret = { sfuSecret: 'a'.repeat(20) };
    const mesh = resolveServerOptions({});
    const sfu = resolveServerOptions({ sfuUrls: ['ws://sfu:8188'], ...secret });
    expect([mesh.roomCapacity, mesh.maxFrameBytes]).toEqual([8, 65_536]);
    expect([sfu.roomCapacity, sfu.maxFrameBytes, sfu.meshCapacity]).toEqual([50, 163_840, 8]);
    expect(resolveServerOptions({ withSfu: true, roomCapacity: 12 }).roomCapacity).toBe(12);
    const fromFlags = serveOptionsFromFlags(parse(['--sfu-hold', '1.5', '--mesh-only']));
    expect(fromFlags).toMatchObject({ sfuHoldMs: 1500, meshOnly: true });
  });

  it('has one flag per option, each read from CONFAB_<NAME> last', () => {
    expect([...OPTION_NAMES].sort()).toEqual(Object.keys(DEFAULT_SERVER_OPTIONS).sort());
    const names = SERVE_FLAG_TABLE.map((row) => row.spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { spec } of SERVE_FLAG_TABLE)
      expect(spec.env.at(-1)).toBe(envName('CONFAB_', spec.name));
  });

  it('converts units and kinds, flags winning over the environment', () => {
    const options = serveOptionsFromFlags(
      parse(
        [
          '--join-timeout',
          '2.5',
          '--turn-url',
          'turn:a',
          '--turn-url',
          'turns:b,turn:c',
          '--trust-proxy',
        ],
        {
          CONFAB_JOIN_TIMEOUT: '99',
          CONFAB_ROOM_CAPACITY: '4',
          PORT: '9000',
          CONFAB_REDIS_URL: 'redis://r',
        },
      ),
    );
    expect(options).toMatchObject({
      joinTimeoutMs: 2500,
      turnUrls: ['turn:a', 'turns:b', 'turn:c'],
      trustProxy: true,
      roomCapacity: 4,
      port: 9000,
      redisUrl: 'redis://r',
    });
    // Options not given stay unset, so the server's defaults apply.
    expect(options).not.toHaveProperty('resumeGraceMs');
    expect(OPTION_FLAGS.resumeGraceMs.unit).toBe('seconds');
  });

  it('words configuration errors as the user typed them: flag or variable, value as written', () => {
    const wordedAs = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
      const flags = parse(argv, env);
      try {
        resolveServerOptions(serveOptionsFromFlags(flags));
      } catch (error) {
        if (error instanceof ConfigError) return error.describe(flagWording(flags));
        throw error;
      }
      throw new Error('no configuration error');
    };
    expect(wordedAs(['--resume-buffer', '0'])).toBe(
      '--resume-buffer must be a positive number, got 0',
    );
    expect(wordedAs([], { CONFAB_DRAIN_TIMEOUT: '-1' })).toBe(
      'CONFAB_DRAIN_TIMEOUT must be a positive number, got -1',
    );
    expect(wordedAs(['--turn-url', 'turn:x'])).toBe(
      '--turn-url needs --turn-secret (the coturn static-auth-secret)',
    );
    expect(wordedAs(['--tls-key', 'k.pem'])).toBe(
      '--tls-cert and --tls-key must be given together',
    );
    const secret = 'a'.repeat(20);
    expect(wordedAs(['--sfu-url', 'ws://127.0.0.1:8188'])).toBe(
      '--sfu-url needs --sfu-secret (the secret confab sfu uses)',
    );
    expect(wordedAs(['--sfu-url', 'http://x', '--sfu-secret', secret])).toBe(
      '--sfu-url: not a ws:// or wss:// URL: http://x',
    );
    expect(wordedAs(['--sfu-url', 'ws://x'], { CONFAB_SFU_SECRET: 'short' })).toBe(
      'CONFAB_SFU_SECRET needs at least 16 characters',
    );
    expect(wordedAs(['--with-sfu', '--redis', 'redis://127.0.0.1:1'])).toMatch(
      /^--with-sfu starts a Janus only this node can use; with --redis give every node the same --sfu-url/,
    );
    expect(wordedAs(['--mesh-max', '0'])).toBe('--mesh-max must be a positive number, got 0');
    // Programs that embed the server get option keys instead.
    expect(() => resolveServerOptions({ resumeBufferMessages: 0 })).toThrow(
      'resumeBufferMessages must be a positive number, got 0',
    );
  });
});
