import type { Logger } from '../logger.js';
import { startJanusProcess, type JanusProcess, type StartJanusInput } from './janus-process.js';
import { randomSfuSecret } from './janus-secrets.js';
import type { SfuInstance } from './sfu-instance.js';

/** What the local Janus is started with, less the secret (one random secret per server run). */
export type LocalJanusInput = Omit<StartJanusInput, 'sfuSecret'>;

const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 10_000;
/** A Janus that ran this long before exiting restarts at once again. */
const STABLE_AFTER_MS = 30_000;

/**
 * `--with-sfu`: runs Janus as a child process and keeps it running. When it exits by
 * itself (crash, kill), it is restarted with backoff and `instance` is pointed at the new
 * process; rooms on the old one are restored by the controller (`sfu-restored`).
 */
export class LocalJanus {
  readonly #input: LocalJanusInput;
  readonly #secret = randomSfuSecret();
  #process: JanusProcess | null = null;
  #delayMs = RESTART_MIN_MS;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  /** Resolves once the first start attempt has finished, however it went. */
  readonly started: Promise<void>;
  #resolveStarted: () => void = () => undefined;

  constructor(
    input: LocalJanusInput,
    private readonly instance: SfuInstance,
    private readonly log: Logger,
  ) {
    this.#input = input;
    this.started = new Promise((resolve) => {
      this.#resolveStarted = resolve;
    });
  }

  /** The running process (tests kill it to prove recovery), or null between restarts. */
  get process(): JanusProcess | null {
    return this.#process;
  }

  start(): void {
    void this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const running = this.#process;
    this.#process = null;
    this.instance.setEndpoint(null);
    await running?.stop();
  }

  async #run(): Promise<void> {
    if (this.#stopped) return;
    let janus: JanusProcess;
    try {
      janus = await startJanusProcess({ ...this.#input, sfuSecret: this.#secret });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
      this.log.error({ reason }, 'local Janus did not start; rooms stay mesh until it does');
      this.#resolveStarted();
      this.#restartLater();
      return;
    }
    if (this.#isStopped()) {
      await janus.stop();
      return;
    }
    this.#process = janus;
    const startedAt = performance.now();
    this.log.info({ url: janus.url, startupMs: janus.startupMs, pid: janus.pid }, 'local Janus up');
    this.instance.setEndpoint({ url: janus.url, secrets: janus.secrets });
    this.#resolveStarted();
    void janus.exited.then(async (code) => {
      if (this.#stopped || this.#process !== janus) return;
      this.#process = null;
      this.log.error({ code, log: janus.log().slice(-1000) }, 'local Janus exited; restarting');
      this.instance.setEndpoint(null);
      await janus.stop();
      if (performance.now() - startedAt > STABLE_AFTER_MS) this.#delayMs = RESTART_MIN_MS;
      this.#restartLater();
    });
  }

  /** A method, so that the check after an `await` is not narrowed away. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  #restartLater(): void {
    if (this.#stopped) return;
    const delay = this.#delayMs;
    this.#delayMs = Math.min(RESTART_MAX_MS, this.#delayMs * 2);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delay);
    this.#timer.unref();
  }
}
