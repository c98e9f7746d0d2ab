import {
  decodeErrorCode,
  decodeUInt32,
  decodeXorAddress,
  encodeUInt32,
  encodeXorAddress,
  REQUESTED_TRANSPORT_UDP,
  type StunAddress,
} from './stun-attributes.js';
import {
  ATTR,
  attribute,
  decodeStun,
  encodeStun,
  longTermKey,
  METHOD,
  newTransactionId,
  verifyIntegrity,
  type StunAttribute,
  type StunMessage,
} from './stun-message.js';
import { errorFor, TurnError } from './turn-error.js';
import { openStunTransport, type StunTransport, type TurnServerAddress } from './turn-transport.js';

export { TurnError, type TurnErrorCode } from './turn-error.js';

export interface TurnCredentialsInput {
  readonly username: string;
  readonly credential: string;
}

export interface Allocation {
  readonly relayed: StunAddress;
  readonly mapped: StunAddress | null;
  readonly lifetimeSeconds: number;
}

interface Pending {
  resolve(message: { decoded: StunMessage; raw: Buffer }): void;
  reject(error: Error): void;
}

const FIRST_RTO_MS = 250;

/**
 * A minimal TURN client (RFC 8656) over UDP, TCP or TLS: Binding, Allocate with long-term
 * credentials (401 → realm/nonce → retry; 438 → new nonce), CreatePermission, Send and Data
 * indications, Refresh. Enough to prove a relay relays; not a general-purpose client.
 */
export class TurnClient {
  readonly #transport: StunTransport;
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  readonly #dataListeners: ((from: StunAddress, data: Buffer) => void)[] = [];
  #credentials: TurnCredentialsInput | null = null;
  #realm: string | null = null;
  #nonce: Buffer | null = null;
  #closed = false;

  private constructor(transport: StunTransport, timeoutMs: number) {
    this.#transport = transport;
    this.#timeoutMs = timeoutMs;
    transport.onMessage((raw) => {
      this.#onMessage(raw);
    });
    transport.onClose((error) => {
      this.#closed = true;
      const reason = new TurnError(
        error === null ? 'closed' : 'unreachable',
        error === null ? 'connection to the server closed' : `server unreachable: ${error.message}`,
      );
      for (const pending of this.#pending.values()) pending.reject(reason);
      this.#pending.clear();
    });
  }

  /** Connects (resolves the host; for TCP/TLS also connects) within `timeoutMs`. */
  static async connect(server: TurnServerAddress, timeoutMs: number): Promise<TurnClient> {
    try {
      return new TurnClient(await openStunTransport(server, timeoutMs), timeoutMs);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /CERT|TLS|SELF_SIGNED|ALTNAME/.test(code)) {
        throw new TurnError('tls', `TLS to ${server.host}:${String(server.port)} failed: ${text}`);
      }
      throw new TurnError(
        'unreachable',
        `cannot reach ${server.host}:${String(server.port)}: ${text}`,
      );
    }
  }

  /** STUN Binding: the address the server sees us at. */
  async binding(): Promise<StunAddress> {
    const { decoded } = await this.#transaction(METHOD.binding, []);
    return this.#address(decoded, ATTR.xorMappedAddress, 'XOR-MAPPED-ADDRESS');
  }

  /** Allocates a UDP relay with long-term credentials. */
  async allocate(credentials: TurnCredentialsInput): Promise<Allocation> {
    this.#credentials = credentials;
    const { decoded } = await this.#authenticated(METHOD.allocate, [
      { type: ATTR.requestedTransport, value: REQUESTED_TRANSPORT_UDP },
    ]);
    const mapped = attribute(decoded, ATTR.xorMappedAddress);
    const lifetime = attribute(decoded, ATTR.lifetime);
    return {
      relayed: this.#address(decoded, ATTR.xorRelayedAddress, 'XOR-RELAYED-ADDRESS'),
      mapped: mapped === undefined ? null : decodeXorAddress(mapped, decoded.transactionId),
      lifetimeSeconds: lifetime === undefined ? 0 : decodeUInt32(lifetime),
    };
  }

  /** Lets `peer` send to our relay (and us to it). coturn answers 403 for denied peers. */
  async createPermission(peer: StunAddress): Promise<void> {
    const txid = newTransactionId();
    await this.#authenticated(
      METHOD.createPermission,
      [{ type: ATTR.xorPeerAddress, value: encodeXorAddress(peer, txid) }],
      txid,
    );
  }

  /** Sends `data` from our relay to `peer` (a Send indication; no answer, may be lost on UDP). */
  sendTo(peer: StunAddress, data: Buffer): void {
    const transactionId = newTransactionId();
    const message = encodeStun(
      {
        method: METHOD.send,
        cls: 'indication',
        transactionId,
        attributes: [
          { type: ATTR.xorPeerAddress, value: encodeXorAddress(peer, transactionId) },
          { type: ATTR.data, value: data },
        ],
      },
      { fingerprint: true },
    );
    this.#transport.send(message);
  }

  /** Data that reached our relay from a permitted peer. */
  onData(listener: (from: StunAddress, data: Buffer) => void): void {
    this.#dataListeners.push(listener);
  }

  /** Frees the allocation (Refresh with lifetime 0) and closes; never throws. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#credentials !== null && this.#nonce !== null) {
      await this.#authenticated(METHOD.refresh, [
        { type: ATTR.lifetime, value: encodeUInt32(0) },
      ]).catch(() => undefined);
    }
    this.#closed = true;
    this.#transport.close();
  }

  #address(message: StunMessage, type: number, name: string): StunAddress {
    const value = attribute(message, type);
    if (value === undefined) throw new TurnError('bad-response', `answer without ${name}`);
    return decodeXorAddress(value, message.transactionId);
  }

  /** A request with long-term credentials: learns realm and nonce from a 401, renews a stale nonce. */
  async #authenticated(
    method: number,
    attributes: StunAttribute[],
    transactionId?: Buffer,
  ): Promise<{ decoded: StunMessage; raw: Buffer }> {
    let sentAuth = this.#nonce !== null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const txid =
        attempt === 0 && transactionId !== undefined ? transactionId : newTransactionId();
      const attrs =
        transactionId !== undefined && attempt > 0
          ? reXor(attributes, transactionId, txid)
          : attributes;
      const answer = await this.#transaction(method, attrs, txid, sentAuth);
      if (answer.decoded.cls === 'success') return answer;
      const { code, reason } = errorOf(answer.decoded);
      const canRetry = (code === 401 && !sentAuth) || code === 438;
      if (!canRetry) throw errorFor(code, reason);
      const realm = attribute(answer.decoded, ATTR.realm);
      const nonce = attribute(answer.decoded, ATTR.nonce);
      if (nonce === undefined) throw new TurnError('bad-response', `${String(code)} without NONCE`);
      if (realm !== undefined) this.#realm = realm.toString('utf8');
      this.#nonce = Buffer.from(nonce);
      sentAuth = true;
    }
    throw new TurnError('rejected', 'the server kept asking for a new nonce');
  }

  /** One request/response; over UDP retransmitted with doubling timeouts until `timeoutMs`. */
  async #transaction(
    method: number,
    attributes: StunAttribute[],
    transactionId = newTransactionId(),
    withAuth = false,
  ): Promise<{ decoded: StunMessage; raw: Buffer }> {
    if (this.#closed) throw new TurnError('closed', 'client is closed');
    const auth = withAuth ? this.#authAttributes() : null;
    const message = encodeStun(
      {
        method,
        cls: 'request',
        transactionId,
        attributes: [...attributes, ...(auth?.attributes ?? [])],
      },
      auth === null ? { fingerprint: true } : { integrityKey: auth.key, fingerprint: true },
    );
    const key = transactionId.toString('hex');
    const answer = new Promise<{ decoded: StunMessage; raw: Buffer }>((resolve, reject) => {
      this.#pending.set(key, { resolve, reject });
    });
    const timers: ReturnType<typeof setTimeout>[] = [];
    const deadline = new Promise<never>((_, reject) => {
      timers.push(
        setTimeout(() => {
          reject(new TurnError('timeout', `no answer within ${String(this.#timeoutMs)} ms`));
        }, this.#timeoutMs),
      );
    });
    this.#transport.send(message);
    if (!this.#transport.reliable) {
      for (let at = FIRST_RTO_MS, rto = FIRST_RTO_MS; at < this.#timeoutMs; rto *= 2, at += rto) {
        timers.push(
          setTimeout(() => {
            this.#transport.send(message);
          }, at),
        );
      }
    }
    try {
      const result = await Promise.race([answer, deadline]);
      if (auth !== null && attribute(result.decoded, ATTR.messageIntegrity) !== undefined) {
        if (!verifyIntegrity(result.raw, auth.key)) {
          throw new TurnError('bad-response', 'answer failed its MESSAGE-INTEGRITY check');
        }
      }
      return result;
    } finally {
      for (const timer of timers) clearTimeout(timer);
      this.#pending.delete(key);
    }
  }

  #authAttributes(): { attributes: StunAttribute[]; key: Buffer } {
    if (this.#credentials === null || this.#realm === null || this.#nonce === null) {
      throw new TurnError('bad-response', 'the server did not send a realm and nonce');
    }
    const { username, credential } = this.#credentials;
    return {
      key: longTermKey(username, this.#realm, credential),
      attributes: [
        { type: ATTR.username, value: Buffer.from(username, 'utf8') },
        { type: ATTR.realm, value: Buffer.from(this.#realm, 'utf8') },
        { type: ATTR.nonce, value: this.#nonce },
      ],
    };
  }

  #onMessage(raw: Buffer): void {
    let decoded: StunMessage;
    try {
      decoded = decodeStun(raw);
    } catch {
      return; // Not ours to fail on: a garbled datagram is dropped like a lost one.
    }
    if (decoded.cls === 'indication' && decoded.method === METHOD.data) {
      const peer = attribute(decoded, ATTR.xorPeerAddress);
      const data = attribute(decoded, ATTR.data);
      if (peer === undefined || data === undefined) return;
      const from = decodeXorAddress(peer, decoded.transactionId);
      for (const listener of this.#dataListeners) listener(from, Buffer.from(data));
      return;
    }
    this.#pending.get(decoded.transactionId.toString('hex'))?.resolve({ decoded, raw });
  }
}

function errorOf(message: StunMessage): { code: number; reason: string } {
  const value = attribute(message, ATTR.errorCode);
  return value === undefined
    ? { code: 0, reason: 'error without ERROR-CODE' }
    : decodeErrorCode(value);
}

/** XOR-encoded addresses depend on the transaction id: re-encode them for a retry. */
function reXor(attributes: StunAttribute[], from: Buffer, to: Buffer): StunAttribute[] {
  return attributes.map((a) =>
    a.type === ATTR.xorPeerAddress
      ? { type: a.type, value: encodeXorAddress(decodeXorAddress(a.value, from), to) }
      : a,
  );
}
