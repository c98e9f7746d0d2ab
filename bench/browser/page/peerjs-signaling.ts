// The thin adapter that lets the same page signal through a PeerJS server: PeerJS's wire
// protocol (OPEN, then OFFER/ANSWER/CANDIDATE with dst, delivered with src), nothing else.
import type { SignalData } from '../../../src/protocol/index.js';

const HEARTBEAT_MS = 5000;

export class PeerJsSignaling {
  readonly #socket: WebSocket;
  readonly #opened: Promise<void>;

  constructor(server: string, id: string, onSignal: (from: string, data: SignalData) => void) {
    const query = `key=peerjs&id=${encodeURIComponent(id)}&token=${String(Math.random()).slice(2)}`;
    this.#socket = new WebSocket(`${server}/peerjs?${query}`);
    this.#opened = new Promise((resolve, reject) => {
      this.#socket.addEventListener('message', (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as {
          type: string;
          src?: string;
          payload?: SignalData;
        };
        if (message.type === 'OPEN') resolve();
        else if (message.type === 'ERROR' || message.type === 'ID-TAKEN')
          reject(new Error(message.type));
        else if (message.src !== undefined && message.payload !== undefined)
          onSignal(message.src, message.payload);
      });
      this.#socket.addEventListener('error', () => {
        reject(new Error('PeerJS socket failed'));
      });
    });
    const heartbeat = setInterval(() => {
      if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send('{"type":"HEARTBEAT"}');
    }, HEARTBEAT_MS);
    this.#socket.addEventListener('close', () => {
      clearInterval(heartbeat);
    });
  }

  opened(): Promise<void> {
    return this.#opened;
  }

  send(dst: string, data: SignalData): void {
    const type =
      'description' in data
        ? data.description.type === 'offer'
          ? 'OFFER'
          : 'ANSWER'
        : 'CANDIDATE';
    this.#socket.send(JSON.stringify({ type, dst, payload: data }));
  }
}
