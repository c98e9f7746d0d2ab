import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { SELF, type MeetingContext, type MeetingFeature } from '../../feature.js';
import type { Tile } from '../../tile.js';
import { handMessageSchema, type HandMessage } from './hand-messages.js';
import { HandQueue } from './hand-queue.js';
import { RaisedHandsList } from './raised-hands-list.js';

/**
 * Raise hand: an ordered queue everyone sees the same (hand-queue.ts), on the tiles, in
 * the participants list, and announced. Anyone lowers their own hand; the host may lower
 * anyone's (a `hand` message with `for`, accepted from the host only).
 */
export const handFeature: MeetingFeature = {
  id: 'hand',
  mount(context) {
    const { call, bus, controls, participants, grid, roles, people, notify } = context;
    const queue = new HandQueue();
    const messages = bus.define('hand', handMessageSchema);
    const list = new RaisedHandsList();
    participants.addSection(list.element);
    let selfKey = call.self?.id ?? SELF;
    const keyOf = (id: string) => (id === SELF ? selfKey : id);
    const isSelf = (key: string) => key === selfKey;

    const button = controls.add({
      id: 'hand',
      icon: 'hand',
      label: 'hand.raise',
      order: 40,
      onPress: () => {
        setOwn(queue.raisedAt(selfKey) === null);
      },
    });
    const render = (): void => {
      const mine = queue.raisedAt(selfKey) !== null;
      button.setLabel(mine ? 'hand.lower' : 'hand.raise');
      button.setOn(mine);
      list.render(
        queue.order.map((key) => (isSelf(key) ? context.nameOf(SELF) : context.nameOf(key))),
      );
      for (const tile of grid.tiles) decorate(tile);
      participants.refresh();
    };
    const decorate = (tile: Tile): void => {
      if (tile.source !== 'camera') return;
      tile.corner.querySelector('.tile-hand')?.remove();
      const position = queue.position(keyOf(tile.owner));
      if (position !== null) tile.corner.prepend(handBadge(position));
    };
    const setOwn = (raised: boolean): void => {
      const message: HandMessage = { type: 'hand', raised, seq: queue.tick() };
      queue.apply(selfKey, raised, message.seq);
      messages.broadcast(message);
      render();
    };
    const lowerFor = (id: string): void => {
      const message: HandMessage = { type: 'hand', raised: false, seq: queue.tick(), for: id };
      queue.apply(id, false, message.seq);
      messages.broadcast(message);
      render();
    };

    messages.on((from, message) => {
      const target = message.for ?? from;
      // Lowering someone else's hand is the host's call (and never raises it).
      if (target !== from && (message.raised || !roles.isHost(from))) return;
      const key = target === call.self?.id ? selfKey : target;
      const wasRaised = queue.raisedAt(key) !== null;
      if (!queue.apply(key, message.raised, message.seq)) return;
      if (message.raised && !wasRaised) notify('hand.raisedToast', { name: context.nameOf(from) });
      if (!message.raised && isSelf(key))
        notify('hand.loweredByHost', { name: context.nameOf(from) });
      render();
    });
    // Newcomers learn our raised hand (with its place in the queue).
    call.on('participant-joined', (participant) => {
      const seq = queue.raisedAt(selfKey);
      if (seq !== null) messages.sendTo(participant.id, { type: 'hand', raised: true, seq });
    });
    people.on('left', (participant) => {
      if (queue.forget(participant.id)) render();
    });
    call.on('joined', (info) => {
      // Our id changed (a fresh join after a long outage): keep our hand under the new one.
      const seq = queue.raisedAt(selfKey);
      queue.forget(selfKey);
      selfKey = info.id;
      if (seq !== null) queue.apply(selfKey, true, seq);
    });
    grid.on('tile-added', decorate);
    participants.addBadge((person) => {
      const position = queue.position(keyOf(person.id));
      return position === null ? null : handBadge(position);
    });
    participants.addAction((person) => {
      const key = keyOf(person.id);
      if (isSelf(key) || queue.raisedAt(key) === null || !roles.isHost(SELF)) return null;
      return lowerButton(context, person.name, () => {
        lowerFor(key);
      });
    });
    roles.on('change', render);
    render();
    return { dispose: () => undefined };
  },
};

/** ✋ and the place in the queue. */
function handBadge(position: number): HTMLElement {
  const badge = h(
    'span',
    { class: 'tile-hand', attrs: { role: 'img' } },
    icon('hand'),
    String(position),
  );
  localize(badge, 'hand.badge', { position }, 'aria-label');
  return badge;
}

function lowerButton(_context: MeetingContext, name: string, lower: () => void): HTMLElement {
  const button = h(
    'button',
    {
      class: 'icon-button',
      attrs: { type: 'button' },
      label: 'hand.lowerFor',
      labelParams: { name },
    },
    icon('hand'),
  );
  button.addEventListener('click', lower);
  return button;
}
