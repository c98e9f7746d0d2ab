import { machineIPv4 } from '../coturn/machine-address.js';
import { startJanusProcess, type JanusProcess } from '../sfu/janus-process.js';
import { randomSfuSecret, type JanusSecrets } from '../sfu/janus-secrets.js';

export interface RunningJanus {
  readonly process: JanusProcess;
  readonly url: string;
  /** The SFU secret the instance's secrets are derived from. */
  readonly sfuSecret: string;
  readonly secrets: JanusSecrets;
  stop(): Promise<void>;
}

export interface TestJanusOptions {
  /** Short timeouts let tests see Janus expire a session (default 60 s). */
  readonly sessionTimeoutSeconds?: number;
  /** ICE address; default this machine's (browsers ignore loopback). */
  readonly iceAddress?: string;
  /** The SFU secret (several instances behind one `--sfu-secret`); default random. */
  readonly sfuSecret?: string;
}

/**
 * Starts Debian's Janus through the same code as `confab sfu` (generated config, temp dir,
 * unprivileged), API on loopback on a free port, media on a random block of 100 ports.
 */
export async function startJanus(options: TestJanusOptions = {}): Promise<RunningJanus> {
  const sfuSecret = options.sfuSecret ?? randomSfuSecret();
  const rtpMinPort = 40000 + Math.floor(Math.random() * 200) * 100;
  const iceAddress = options.iceAddress ?? machineIPv4() ?? '127.0.0.1';
  const process = await startJanusProcess({
    sfuSecret,
    rtpMinPort,
    rtpMaxPort: rtpMinPort + 99,
    iceAddress,
    ...(options.sessionTimeoutSeconds === undefined
      ? {}
      : { sessionTimeoutSeconds: options.sessionTimeoutSeconds }),
  });
  return {
    process,
    url: process.url,
    sfuSecret,
    secrets: process.secrets,
    stop: () => process.stop(),
  };
}
