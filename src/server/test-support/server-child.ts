// A confab server in its own process, for tests that measure the server alone (its RSS):
// `node --import tsx server-child.ts '<ServerOptions as JSON>'`. Prints {"port": n} once
// it listens; SIGTERM stops it.
import { ConfabServer } from '../server.js';

const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const server = new ConfabServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...options });
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
