import { TypedEmitter } from '../../../../client/emitter.js';
import type { Call } from '../../../../client/index.js';
import type { MessageBus, MessageType } from '../../message-bus.js';
import { ChannelReceiver } from './channel-receiver.js';
import { ChannelSender } from './channel-sender.js';
import { safeFileName, sha256Hex } from './file-bytes.js';
import type { FileLimits } from './file-limits.js';
import {
  CHANNEL_PREFIX,
  fileAckSchema,
  fileCancelSchema,
  fileChunkSchema,
  fileOfferSchema,
  fileResultSchema,
  type FileAck,
  type FileCancel,
  type FileChunk,
  type FileOffer,
  type FileResult,
} from './file-messages.js';
import { RelayPacer } from './relay-pacer.js';
import { RelayReceiver } from './relay-receiver.js';
import { RelaySender } from './relay-sender.js';
import { Transfer } from './transfer.js';

/** Why a file was not sent at all. */
export type SendRefusal = { reason: 'too-large'; limit: number } | { reason: 'nobody' };

/** Every file message that goes through the bus. */
type FileWire = FileOffer | FileChunk | FileAck | FileResult | FileCancel;

interface Messages {
  readonly offer: MessageType<FileOffer>;
  readonly chunk: MessageType<FileChunk>;
  readonly ack: MessageType<FileAck>;
  readonly result: MessageType<FileResult>;
  readonly cancel: MessageType<FileCancel>;
}

/**
 * Every file transfer of this meeting, in and out. Each goes to one participant: over
 * its own data channel when the call can open one (mesh), else through the server's
 * relay (SFU mode, no peer connection). Nothing is written to the server's disk.
 */
export class FileTransfers extends TypedEmitter<{ added: [Transfer] }> {
  readonly #messages: Messages;
  readonly #pacer: RelayPacer;
  readonly #senders = new Map<string, RelaySender>();
  readonly #receivers = new Map<string, RelayReceiver>();
  readonly #transfers: Transfer[] = [];

  constructor(
    private readonly call: Call,
    bus: MessageBus,
    private readonly limits: FileLimits,
  ) {
    super();
    this.#pacer = new RelayPacer(limits.relayMessagesPerSecond);
    this.#messages = {
      offer: bus.define('file-offer', fileOfferSchema),
      chunk: bus.define('file-chunk', fileChunkSchema),
      ack: bus.define('file-ack', fileAckSchema),
      result: bus.define('file-result', fileResultSchema),
      cancel: bus.define('file-cancel', fileCancelSchema),
    };
    this.#wire();
  }

  get all(): readonly Transfer[] {
    return this.#transfers;
  }

  /** Sends a file to each recipient; says why not when it cannot go at all. */
  async send(file: File, recipients: readonly string[]): Promise<SendRefusal | null> {
    const targets = recipients.filter((id) => this.call.participant(id) !== undefined);
    if (targets.length === 0) return { reason: 'nobody' };
    if (file.size > this.limits.maxBytes)
      return { reason: 'too-large', limit: this.limits.maxBytes };
    const sha256 = await sha256Hex(file);
    let refusal: SendRefusal | null = null;
    for (const peer of targets) {
      const id = crypto.randomUUID();
      const channel = this.call.openDataChannel(peer, CHANNEL_PREFIX + id);
      if (channel === null && file.size > this.limits.maxRelayedBytes) {
        refusal = { reason: 'too-large', limit: this.limits.maxRelayedBytes };
        continue;
      }
      const offer: FileOffer = {
        type: 'file-offer',
        transfer: id,
        name: safeFileName(file.name),
        size: file.size,
        mime: file.type.slice(0, 127),
        sha256,
        via: channel === null ? 'relay' : 'channel',
        ...(channel === null ? { chunk: this.limits.relayChunkBytes } : {}),
      };
      const transfer = this.#add(offer, peer, 'out');
      transfer.setSha256(sha256);
      if (channel !== null) {
        void new ChannelSender(file, offer, transfer, channel, this.limits).run();
        continue;
      }
      const sender = new RelaySender(
        file,
        offer,
        transfer,
        (message) => this.#sendTo(peer, message),
        this.#pacer,
        this.limits,
      );
      this.#senders.set(key(peer, id), sender);
      transfer.on('change', () => {
        if (!transfer.active) this.#senders.delete(key(peer, id));
      });
      void sender.run();
    }
    return refusal;
  }

  dispose(): void {
    this.#pacer.dispose();
    for (const transfer of this.#transfers) {
      transfer.cancel();
      transfer.release();
    }
  }

  #add(offer: FileOffer, peer: string, direction: 'in' | 'out'): Transfer {
    const transfer = new Transfer({
      id: offer.transfer,
      direction,
      peer,
      name: offer.name,
      size: offer.size,
      via: offer.via,
    });
    this.#transfers.push(transfer);
    this.emit('added', transfer);
    return transfer;
  }

  #incoming(from: string, offer: FileOffer): Transfer | null {
    if (this.#transfers.some((t) => t.id === offer.transfer && t.peer === from)) return null;
    return this.#add({ ...offer, name: safeFileName(offer.name) }, from, 'in');
  }

  #sendTo(peer: string, message: FileWire): boolean {
    const messages = this.#messages;
    const byType: Record<FileWire['type'], Pick<MessageType<never>, 'sendTo'>> = {
      'file-offer': messages.offer,
      'file-chunk': messages.chunk,
      'file-ack': messages.ack,
      'file-result': messages.result,
      'file-cancel': messages.cancel,
    };
    return (byType[message.type] as Pick<MessageType<FileWire>, 'sendTo'>).sendTo(peer, message);
  }

  #wire(): void {
    const messages = this.#messages;
    this.call.on('data-channel', (from, channel) => {
      if (!channel.label.startsWith(CHANNEL_PREFIX)) {
        channel.close();
        return;
      }
      new ChannelReceiver(channel, this.limits, (offer) =>
        offer.via === 'channel' ? this.#incoming(from, offer) : null,
      );
    });
    messages.offer.on((from, offer) => {
      if (offer.via !== 'relay') return;
      const transfer = this.#incoming(from, offer);
      if (transfer === null) return;
      const reply = (message: FileWire): void => void this.#sendTo(from, message);
      if (offer.size > Math.min(this.limits.maxBytes, this.limits.maxRelayedBytes)) {
        reply({ type: 'file-cancel', transfer: offer.transfer, reason: 'too-large' });
        transfer.stop('too-large');
        return;
      }
      const receiver = new RelayReceiver(offer, transfer, reply, this.limits);
      this.#receivers.set(key(from, offer.transfer), receiver);
      transfer.on('change', () => {
        if (!transfer.active) this.#receivers.delete(key(from, offer.transfer));
      });
      receiver.start();
    });
    messages.chunk.on((from, chunk) =>
      this.#receivers.get(key(from, chunk.transfer))?.chunk(chunk),
    );
    messages.ack.on((from, ack) => this.#senders.get(key(from, ack.transfer))?.acked(ack.next));
    messages.result.on((from, result) =>
      this.#senders.get(key(from, result.transfer))?.result(result.ok),
    );
    messages.cancel.on((from, cancel) => {
      const id = key(from, cancel.transfer);
      this.#senders.get(id)?.remoteStopped(cancel.reason);
      this.#receivers.get(id)?.remoteStopped(cancel.reason);
    });
    this.call.on('participant-left', (peer) => {
      for (const transfer of this.#transfers) {
        if (transfer.peer !== peer || !transfer.active) continue;
        const id = key(peer, transfer.id);
        this.#senders.get(id)?.remoteStopped('lost');
        this.#receivers.get(id)?.remoteStopped('lost');
        transfer.stop('lost');
      }
    });
  }
}

function key(peer: string, transfer: string): string {
  return `${peer}/${transfer}`;
}
