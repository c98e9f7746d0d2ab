export interface DroppedLimits {
  readonly maxDroppedPerRoom: number;
  readonly maxDroppedPerIp: number;
}

/** A slot as the caps see it: its room and its client's address bucket. */
export interface DroppedSlot {
  readonly room: { readonly id: string };
  readonly addressKey: string;
}

/**
 * Slots whose client lost its connection, per room and per client address, in the order
 * they dropped. A room cannot be kept full (or an address hold many rooms) with slots no
 * socket stands behind: past a cap, the oldest dropped slot in that scope ends.
 */
export class DroppedSlots<S extends DroppedSlot> {
  readonly #rooms = new Map<string, Set<S>>();
  readonly #addresses = new Map<string, Set<S>>();

  constructor(private readonly limits: DroppedLimits) {}

  /** Records a drop; returns the older dropped slots that must end to make room for it. */
  add(slot: S): S[] {
    const victims = new Set<S>();
    const scopes = [
      [this.#rooms, slot.room.id, this.limits.maxDroppedPerRoom],
      [this.#addresses, slot.addressKey, this.limits.maxDroppedPerIp],
    ] as const;
    for (const [map, key, cap] of scopes) {
      const slots = map.get(key) ?? new Set<S>();
      map.set(key, slots);
      slots.add(slot);
      for (const oldest of slots) {
        if (slots.size - countIn(victims, slots) <= cap) break;
        if (oldest !== slot) victims.add(oldest);
      }
    }
    for (const victim of victims) this.delete(victim);
    return [...victims];
  }

  delete(slot: S): void {
    for (const [map, key] of [
      [this.#rooms, slot.room.id],
      [this.#addresses, slot.addressKey],
    ] as const) {
      const slots = map.get(key);
      if (slots?.delete(slot) === true && slots.size === 0) map.delete(key);
    }
  }
}

function countIn<S>(victims: ReadonlySet<S>, slots: ReadonlySet<S>): number {
  let count = 0;
  for (const victim of victims) if (slots.has(victim)) count++;
  return count;
}
