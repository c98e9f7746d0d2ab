import { h } from '../../../ui/dom.js';
import { localize, t } from '../../../ui/localize.js';
import { Popover } from '../../../ui/popover.js';
import { SELF, type MeetingFeature } from '../../feature.js';
import { ReactionLimiter } from './reaction-limiter.js';
import { REACTION_SHOW_MS, REACTIONS, reactionMessageSchema, type Reaction } from './reactions.js';

/** Emoji reactions: a few buttons; each shows for ~3 s over the sender's tile, for everyone. */
export const reactionsFeature: MeetingFeature = {
  id: 'reactions',
  mount({ call, bus, controls, grid, people, nameOf, addToHeader }) {
    const messages = bus.define('reaction', reactionMessageSchema);
    const limiter = new ReactionLimiter();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    // What a screen reader hears (the floating emoji are decoration).
    const announcer = h('div', { class: 'sr-only', attrs: { 'aria-live': 'polite' } });
    const popover = new Popover('reactions', 'reaction.title', (open) => {
      button.setExpanded(open);
    });
    const button = controls.add({
      id: 'reactions',
      icon: 'emoji',
      label: 'reaction.title',
      order: 50,
      collapsible: true,
      onPress: () => {
        popover.toggle(button.element);
      },
    });
    button.setExpanded(false);

    const show = (owner: string, emoji: Reaction): void => {
      const tile = grid.camera(owner);
      if (tile === undefined) return;
      const bubble = h('span', { class: 'reaction' }, emoji);
      bubble.style.setProperty('--drift', `${String(Math.round(Math.random() * 40 - 20))}px`);
      tile.effects.append(bubble);
      localize(announcer, 'reaction.announce', {
        name: nameOf(owner),
        reaction: t(REACTIONS[emoji]),
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        bubble.remove();
      }, REACTION_SHOW_MS);
      timers.add(timer);
    };
    const picker = h('div', { class: 'reaction-picker' });
    for (const emoji of Object.keys(REACTIONS) as Reaction[]) {
      const choice = h(
        'button',
        { class: 'reaction-choice', attrs: { type: 'button' }, label: REACTIONS[emoji] },
        emoji,
      );
      localize(choice, REACTIONS[emoji], {}, 'title');
      choice.addEventListener('click', () => {
        if (!limiter.allow(SELF, performance.now())) return;
        messages.broadcast({ type: 'reaction', emoji });
        show(SELF, emoji);
      });
      picker.append(choice);
    }
    popover.body.append(picker);
    addToHeader(announcer);
    controls.addPopover(popover.element);

    messages.on((from, message) => {
      if (call.participant(from) !== undefined && limiter.allow(from, performance.now()))
        show(from, message.emoji);
    });
    people.on('left', (participant) => {
      limiter.forget(participant.id);
    });
    return {
      dispose: () => {
        for (const timer of timers) clearTimeout(timer);
        popover.dispose();
      },
    };
  },
};
