import WebSocket from 'ws';
import { JanusClientError } from './janus-errors.js';
import { decodeJanusFrame, frameText } from './janus-wire.js';

/**
 * Opens a WebSocket to the Janus API (subprotocol `janus-protocol`); rejects with
 * `janus-unreachable` when the handshake fails or takes longer than `timeoutMs`.
 */
export function openJanusSocket(
  url: string,
  timeoutMs: number,
  maxFrameBytes: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'janus-protocol', {
      handshakeTimeout: timeoutMs,
      maxPayload: maxFrameBytes,
      perMessageDeflate: false,
    });
    const fail = (detail: string): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(new JanusClientError('janus-unreachable', `cannot reach Janus at ${url}: ${detail}`));
    };
    socket.once('open', () => {
      socket.removeAllListeners();
      resolve(socket);
    });
    socket.once('error', (error) => {
      fail(error.message);
    });
    socket.once('unexpected-response', (_request, response) => {
      fail(`HTTP ${String(response.statusCode)}`);
    });
  });
}

/**
 * True when a Janus WebSocket API answers `ping` with `pong` at `url` within `timeoutMs`.
 * `ping` needs no api_secret, so a readiness probe never carries (or leaks) one.
 */
export async function probeJanus(url: string, timeoutMs: number): Promise<boolean> {
  const socket = await openJanusSocket(url, timeoutMs, 64 * 1024).catch(() => null);
  if (socket === null) return false;
  return new Promise((resolve) => {
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => {
      done(false);
    }, timeoutMs);
    socket.on('message', (data) => {
      const decoded = decodeJanusFrame(frameText(data));
      done(decoded.ok && decoded.frame.janus === 'pong');
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('close', () => {
      done(false);
    });
    socket.send(JSON.stringify({ janus: 'ping', transaction: 'ready' }));
  });
}
