#!/usr/bin/env node
import {
  ConfigError,
  CoturnError,
  JanusConfigError,
  JanusError,
  SfuSecretError,
} from '../server/index.js';
import { DOCTOR_HELP, runDoctorCommand } from './doctor.js';
import { formatFlagHelp, UsageError } from './flags.js';
import { runServe } from './serve.js';
import { runSfu, SFU_HELP } from './sfu.js';
import { SERVE_FLAGS } from './serve-flags.js';
import { runToken, TOKEN_HELP } from './token.js';
import { runTurn, TURN_HELP } from './turn.js';

const HELP = `confab: self-hostable peer-to-peer video meetings

Usage:
  confab [serve] [options]     run the meeting server (web app + signaling on /ws)
  confab token --room <room>   print a room token for servers started with --auth-secret
  confab turn [options]        run a local coturn (TURN/STUN) and print the matching serve flags
  confab sfu [options]         run a local Janus (VideoRoom SFU) and print the matching serve flags
  confab doctor --server <url> check STUN/TURN of a deployment with headless Chromium
  confab <command> --help      help for one command

Options of serve:
${formatFlagHelp(SERVE_FLAGS)}

Exit status: 0 on success, 1 on a runtime error, 2 on a bad command line or configuration.`;

type Command = (argv: readonly string[], env: NodeJS.ProcessEnv) => Promise<void>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: runServe, help: HELP },
  token: { run: runToken, help: TOKEN_HELP },
  turn: { run: runTurn, help: TURN_HELP },
  sfu: { run: runSfu, help: SFU_HELP },
  doctor: { run: runDoctorCommand, help: DOCTOR_HELP },
};

async function main(argv: readonly string[]): Promise<void> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-') ? COMMANDS[first] : undefined;
  if (first !== undefined && !first.startsWith('-') && named === undefined) {
    throw new UsageError(`unknown command: ${first} (see confab --help)`);
  }
  const command = named ?? COMMANDS['serve'];
  const args = named === undefined ? argv : rest;
  if (command === undefined) throw new UsageError('no serve command');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return;
  }
  await command.run(args, process.env);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof JanusConfigError ||
    error instanceof SfuSecretError
  ) {
    process.stderr.write(`confab: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof CoturnError || error instanceof JanusError) {
    process.stderr.write(`confab: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `confab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
