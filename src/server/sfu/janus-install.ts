import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findOnPath } from '../executables.js';
import { JanusError } from './janus-errors.js';
import { JANUS_MODULES } from './janus-config.js';

export const JANUS_INSTALL_HINT =
  "janus is not installed: install Debian's janus package: apt-get install janus " +
  '(production: a current upstream build, see docs/sfu.md)';

/** Where the Janus binary and its shared objects (plugins/, transports/) are. */
export interface JanusInstall {
  readonly binary: string;
  readonly libDir: string;
}

/**
 * Finds `janus` (on PATH unless given) and the folder holding its plugins and transports:
 * Debian's /usr/lib/<multiarch>/janus, or <prefix>/lib/janus of an upstream build.
 */
export function findJanusInstall(given: { binary?: string; libDir?: string } = {}): JanusInstall {
  const binary = given.binary ?? findOnPath('janus');
  if (binary === null || !existsSync(binary)) {
    throw new JanusError('not-installed', JANUS_INSTALL_HINT);
  }
  const candidates =
    given.libDir === undefined ? libDirCandidates(realpathSync(binary)) : [given.libDir];
  const libDir = candidates.find(hasConfabModules);
  if (libDir === undefined) {
    throw new JanusError(
      'not-installed',
      `no Janus VideoRoom plugin and WebSocket transport in ${candidates.join(', ')}: ` +
        JANUS_INSTALL_HINT,
    );
  }
  return { binary, libDir };
}

function libDirCandidates(binary: string): string[] {
  const prefix = dirname(dirname(binary));
  const multiarch = MULTIARCH[process.arch];
  return [
    ...(multiarch === undefined ? [] : [join(prefix, 'lib', multiarch, 'janus')]),
    join(prefix, 'lib', 'janus'),
    join(prefix, 'lib64', 'janus'),
  ];
}

const MULTIARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
};

function hasConfabModules(libDir: string): boolean {
  return (
    JANUS_MODULES.plugins.every((file) => existsSync(join(libDir, 'plugins', file))) &&
    JANUS_MODULES.transports.every((file) => existsSync(join(libDir, 'transports', file)))
  );
}
