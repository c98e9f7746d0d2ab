import type { SignalData } from '../../protocol/index.js';
import { Peer } from '../peer.js';
import type { PeerOptions } from '../peer-types.js';
import { isPolite } from '../peer-types.js';
import { FakePeerConnection } from './fake-peer-connection.js';

/**
 * Two Peers with fake connections, joined by a signaling "wire" the test controls: held
 * messages are delivered only on `flush()`, which lets a test make both sides offer first;
 * lost ones never are.
 */
export class PeerPair {
  readonly a: Peer;
  readonly b: Peer;
  readonly pcA: FakePeerConnection;
  readonly pcB: FakePeerConnection;
  held = false;
  /** While set, messages vanish (as in a signaling socket that died silently). */
  lost = false;
  readonly #queue: { to: Peer; data: SignalData }[] = [];
  /** Everything each side sent, in order. */
  readonly sentByA: SignalData[] = [];
  readonly sentByB: SignalData[] = [];

  /** `a` is the newcomer (initiator); ids decide who is polite. */
  constructor(
    ids: { a: string; b: string } = { a: 'alice', b: 'bob' },
    extra: Partial<PeerOptions> = {},
  ) {
    const base = {
      configuration: {},
      media: { audio: null, video: null, stream: null, screen: null },
      createPeerConnection: FakePeerConnection.factory(),
      ...extra,
    };
    this.a = new Peer({
      ...base,
      remoteId: ids.b,
      polite: isPolite(ids.a, ids.b),
      initiator: true,
    });
    this.pcA = this.a.pc as unknown as FakePeerConnection;
    this.b = new Peer({
      ...base,
      remoteId: ids.a,
      polite: isPolite(ids.b, ids.a),
      initiator: false,
    });
    this.pcB = this.b.pc as unknown as FakePeerConnection;
    this.a.on('signal', (data) => {
      this.sentByA.push(data);
      this.#send(this.b, data);
    });
    this.b.on('signal', (data) => {
      this.sentByB.push(data);
      this.#send(this.a, data);
    });
  }

  flush(): void {
    for (const { to, data } of this.#queue.splice(0)) void to.signal(data);
  }

  #send(to: Peer, data: SignalData): void {
    if (this.lost) return;
    if (this.held) this.#queue.push({ to, data });
    else void to.signal(data);
  }
}

export const offersIn = (sent: SignalData[]) =>
  sent.filter((d) => 'description' in d && d.description.type === 'offer').length;
