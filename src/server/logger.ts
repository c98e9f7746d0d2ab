import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Secrets never reach a log call by design (we log ids, not
 * messages); the redaction list is a second line of defence for fields that might.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'confab' },
    redact: {
      paths: [
        'token',
        'resume',
        'credential',
        'secret',
        'sdp',
        'passcode',
        '*.token',
        '*.resume',
        '*.credential',
        '*.secret',
        '*.sdp',
        '*.passcode',
        'iceServers',
        '*.iceServers',
      ],
      censor: '[redacted]',
    },
  });
}
