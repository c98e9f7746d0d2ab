import type { Logger } from '../logger.js';
import type { ServerOptions } from '../options.js';
import { mintTurnCredentials } from '../turn-credentials.js';
import { runRelaySelfTest, type RelayTestResult } from './relay-self-test.js';

export type SelfTestVerdict = 'works' | 'fails';

export interface StartupSelfTest {
  readonly verdict: SelfTestVerdict;
  readonly results: readonly RelayTestResult[];
}

/**
 * The relay self-test the server runs once it listens, when TURN is configured: every TURN
 * URL is allocated on twice with freshly minted credentials and must relay data
 * relay-to-relay. One log line per URL and one verdict line; never throws.
 */
export async function runStartupSelfTest(
  options: Pick<ServerOptions, 'turnUrls' | 'turnSecret'>,
  log: Logger,
  timeoutMs = 5000,
): Promise<StartupSelfTest | null> {
  const secret = options.turnSecret;
  if (options.turnUrls.length === 0 || secret === null) return null;
  const credentials = mintTurnCredentials(secret, 'confab-self-test', 300, Date.now());
  const results = await Promise.all(
    options.turnUrls.map((url) => runRelaySelfTest(url, credentials, { timeoutMs })),
  );
  for (const result of results) {
    const fields = { url: result.url, outcome: result.outcome, rttMs: result.rttMs };
    if (result.outcome === 'works') log.info(fields, 'turn self-test');
    else log.warn({ ...fields, code: result.code, detail: result.detail }, 'turn self-test');
  }
  const working = results.filter((r) => r.outcome === 'works');
  const verdict: SelfTestVerdict = working.length > 0 ? 'works' : 'fails';
  const summary =
    verdict === 'works'
      ? `TURN relays data (${String(working.length)} of ${String(results.length)} URLs): calls across networks can fall back to it`
      : 'no TURN URL relays data: calls between people behind strict NATs or firewalls will fail';
  if (verdict === 'works') log.info({ verdict, summary }, 'turn self-test verdict');
  else log.warn({ verdict, summary }, 'turn self-test verdict');
  return { verdict, results };
}
