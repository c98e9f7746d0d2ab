// Builds everything `npm start`, the tests and the npm package need: the Node side with tsc
// (dist/protocol, dist/server, dist/cli, with .d.ts), the browser side with Vite (dist/web),
// and the browser libraries' declarations (dist/client/*.d.ts) for `confab/client`.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync } from 'node:fs';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`build: ${command} ${args.join(' ')} failed\n`);
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
chmodSync('dist/cli/main.js', 0o755);
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
run(process.execPath, [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'vite.lib.config.ts',
  '--logLevel',
  'warn',
]);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.client-types.json']);
// Example pages use the library from /lib/confab.js, as a page of someone else's would.
cpSync('examples', 'dist/web/examples', { recursive: true });
