import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYWRIGHT_HINT } from './doctor.js';
import { runProgram } from './test-support/confab-process.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** What a fresh checkout needs to build the package (`npm pack` runs the build: prepack). */
const SOURCES = [
  'src',
  'scripts',
  'examples',
  'package.json',
  'package-lock.json',
  'README.md',
  'LICENSE',
  'tsconfig.base.json',
  'tsconfig.build.json',
  'tsconfig.client-types.json',
  'vite.config.ts',
  'vite.lib.config.ts',
];

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

/** npm's environment without what the `npm test` running us set (prefix, scripts, ...). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

// The package as a self-hoster gets it: `npm pack` from a copy of the sources (so this
// test builds on its own and never rewrites the working tree's dist/), installed into an
// empty directory, then run through its own `confab` bin and imported as `confab/server`.
describe('the npm package', () => {
  const root = mkdtempSync(join(tmpdir(), 'confab-pack-'));
  const source = join(root, 'source');
  const install = join(root, 'install');
  let packed: Packed;
  let installSeconds = 0;
  const env = cleanEnv();

  beforeAll(async () => {
    mkdirSync(source);
    for (const entry of SOURCES)
      cpSync(join(REPO, entry), join(source, entry), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'), 'dir');
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', root], {
      cwd: source,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    // Build output precedes npm's JSON on stdout.
    const parsed = JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as Packed[];
    const first = parsed[0];
    if (first === undefined) throw new Error('npm pack wrote no package');
    packed = first;
    mkdirSync(install);
    const started = performance.now();
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(root, packed.filename)],
      { cwd: install, env },
    );
    installSeconds = (performance.now() - started) / 1000;
    console.log(
      JSON.stringify({
        figure: 'npm package',
        packedBytes: packed.size,
        unpackedBytes: packed.unpackedSize,
        files: packed.files.length,
        installSeconds: Number(installSeconds.toFixed(1)),
      }),
    );
  }, 240_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('holds the built app, server, CLI and libraries with their types, and no sources or tests', () => {
    const paths = packed.files.map((file) => file.path);
    for (const expected of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli/main.js',
      'dist/server/index.js',
      'dist/server/index.d.ts',
      'dist/client/index.d.ts',
      'dist/client/embed/embed.d.ts',
      'dist/web/index.html',
      'dist/web/admin.html',
      'dist/web/doctor.html',
      'dist/web/lib/confab.js',
      'dist/web/lib/embed.js',
    ])
      expect(paths).toContain(expected);
    const unwanted = paths.filter((path) =>
      /^(src|e2e|bench|scripts|deploy)\/|\.test\.|test-support|\.map$|tsbuildinfo/.test(path),
    );
    expect(unwanted).toEqual([]);
  });

  it('installs only runtime dependencies, none of which runs an install script', () => {
    const modules = join(install, 'node_modules');
    const names = readdirSync(modules)
      .filter((name) => !name.startsWith('.'))
      .flatMap((name) =>
        name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name],
      );
    expect(names).toContain('confab');
    expect(names).toContain('ws');
    // Build and test tools, and the doctor's optional browser driver, stay out.
    for (const absent of ['vite', 'typescript', 'vitest', 'playwright-core', 'tsx'])
      expect(names).not.toContain(absent);
    const withScripts = names.filter((name) => {
      const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      };
      const scripts = manifest.scripts ?? {};
      return ['preinstall', 'install', 'postinstall'].some((hook) => hook in scripts);
    });
    expect(withScripts).toEqual([]);
  });

  it('serves the app from its confab bin with no build step', async () => {
    const bin = join(install, 'node_modules', '.bin', 'confab');
    const proc = runProgram(bin, ['--host', '127.0.0.1', '--port', '0'], env, install);
    try {
      const line = await proc.waitForLog((entry) => entry['msg'] === 'listening', 20_000);
      const base = `http://127.0.0.1:${String(line['port'])}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      expect(await (await fetch(`${base}/readyz`)).text()).toBe('ready\n');
      const embed = await fetch(`${base}/lib/embed.js`);
      expect(embed.headers.get('content-type')).toContain('javascript');
      expect(await embed.text()).toContain('confab-embed');
    } finally {
      await proc.kill('SIGTERM');
    }
    expect(proc.child.exitCode).toBe(0);
  });

  it('exports the server for Node programs (confab/server)', async () => {
    const script = [
      "import { ConfabServer } from 'confab/server';",
      "const server = new ConfabServer({ host: '127.0.0.1', port: 0, logLevel: 'silent' });",
      'await server.listen();',
      "const ready = await (await fetch(server.url() + '/readyz')).text();",
      'await server.close();',
      'console.log(ready.trim());',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: install,
      env,
    });
    expect(stdout.trim()).toBe('ready');
  });

  it('types confab/server and confab/client for TypeScript programs', async () => {
    writeFileSync(
      join(install, 'check.ts'),
      [
        "import { ConfabServer, verifyWebhook, type ServerOptions, type SignatureCheck } from 'confab/server';",
        "export const check: SignatureCheck = verifyWebhook('secret', '{}', 't=1,v1=00');",
        "import { Call, type CallOptions } from 'confab/client';",
        "import { embed, type EmbedOptions } from 'confab/embed';",
        "const options: Partial<ServerOptions> = { port: 0, webhookUrls: ['https://hooks.example.org/confab'] };",
        'export const server: ConfabServer = new ConfabServer(options);',
        "const call: CallOptions = { room: 'weekly', name: 'Ann', telemetry: false };",
        'export const make = (): Call => new Call(call);',
        "const embedded: EmbedOptions = { server: 'https://meet.example.org', room: 'weekly' };",
        'export const show = (element: Element) => embed(element, embedded).mute(true);',
        '// @ts-expect-error: the option does not exist',
        'export const wrong: Partial<ServerOptions> = { roomCapasity: 3 };',
      ].join('\n'),
    );
    writeFileSync(
      join(install, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules', '@types')],
          // As most projects set it: the package's own .d.ts name `ws` types, which a
          // program that never touches them needs no @types/ws for.
          skipLibCheck: true,
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', install], { cwd: install, env }).then(
      () => '',
      (error: unknown) => String((error as { stdout?: string }).stdout ?? error),
    );
    expect(result).toBe('');
  });

  it('says how to get playwright-core when confab doctor needs it', async () => {
    const bin = join(install, 'node_modules', '.bin', 'confab');
    const proc = runProgram(bin, ['doctor', '--server', 'http://127.0.0.1:9'], env, install);
    const { code } = await proc.exited;
    expect(code).toBe(3);
    expect(proc.stderr()).toContain(PLAYWRIGHT_HINT);
  });
});
