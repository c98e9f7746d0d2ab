import type { z } from 'zod';
import type { Call, CustomMessage } from '../../client/index.js';

/** What the bus needs of a call: sending custom messages and hearing them. */
export interface BusTransport {
  broadcast(message: CustomMessage): void;
  sendTo(id: string, message: CustomMessage): boolean;
  onMessage(listener: (from: string, message: CustomMessage) => void): void;
}

export function callTransport(call: Call): BusTransport {
  return {
    broadcast: (message) => {
      call.broadcast(message);
    },
    sendTo: (id, message) => call.sendTo(id, message),
    onMessage: (listener) => {
      call.on('custom-message', listener);
    },
  };
}

/** One message type of a feature, typed by its schema. */
export interface MessageType<T> {
  broadcast(message: T): void;
  /** False when there is no such participant. */
  sendTo(id: string, message: T): boolean;
  on(listener: (from: string, message: T) => void): void;
  /** Validates a message that came another way (a file's own data channel); null: invalid. */
  parse(json: unknown): T | null;
}

interface Registered {
  readonly schema: z.ZodType;
  readonly listeners: ((from: string, message: unknown) => void)[];
}

/**
 * The meeting's peer-to-peer messages, typed: each feature defines the types it speaks
 * with a schema (docs/protocol.md, "Peer-to-peer messages"). A type nobody defined is
 * ignored (a newer peer's feature), fields a schema does not name are dropped, and a
 * message that fails its schema is dropped: none of them is an error for the person.
 */
export class MessageBus {
  readonly #types = new Map<string, Registered>();
  #ignored = 0;
  #rejected = 0;

  constructor(private readonly transport: BusTransport) {
    transport.onMessage((from, message) => {
      this.#receive(from, message);
    });
  }

  /** Messages of types nobody here defined (from newer peers). */
  get ignored(): number {
    return this.#ignored;
  }

  /** Messages of a defined type that failed its schema. */
  get rejected(): number {
    return this.#rejected;
  }

  define<S extends z.ZodType<{ readonly type: string }>>(
    type: string,
    schema: S,
  ): MessageType<z.infer<S>> {
    if (this.#types.has(type)) throw new Error(`message type ${type} is defined twice`);
    const registered: Registered = { schema, listeners: [] };
    this.#types.set(type, registered);
    const outgoing = (message: z.infer<S>): CustomMessage => {
      if (message.type !== type) throw new Error(`not a ${type} message: ${message.type}`);
      return message;
    };
    return {
      broadcast: (message) => {
        this.transport.broadcast(outgoing(message));
      },
      sendTo: (id, message) => this.transport.sendTo(id, outgoing(message)),
      on: (listener) => {
        registered.listeners.push(listener as (from: string, message: unknown) => void);
      },
      parse: (json) => {
        const result = schema.safeParse(json);
        return result.success ? result.data : null;
      },
    };
  }

  #receive(from: string, message: CustomMessage): void {
    const registered = this.#types.get(message.type);
    if (registered === undefined) {
      this.#ignored += 1;
      return;
    }
    const result = registered.schema.safeParse(message);
    if (!result.success) {
      this.#rejected += 1;
      return;
    }
    for (const listener of registered.listeners) listener(from, result.data);
  }
}
