import { z } from 'zod';
import type { MessageKey } from '../../../i18n/i18n.js';

/** The reactions offered, and what each is called (its button's name). */
export const REACTIONS = {
  '👍': 'reaction.thumbsUp',
  '👏': 'reaction.clap',
  '😂': 'reaction.laugh',
  '❤️': 'reaction.heart',
  '🎉': 'reaction.party',
  '😮': 'reaction.surprised',
} as const satisfies Record<string, MessageKey>;

export type Reaction = keyof typeof REACTIONS;

const reactionNames = Object.keys(REACTIONS) as [Reaction, ...Reaction[]];

/** `reaction`: a brief emoji over the sender's tile. Unknown emoji (a newer peer's) are dropped. */
export const reactionMessageSchema = z.object({
  type: z.literal('reaction'),
  emoji: z.enum(reactionNames),
});

/** How long a reaction stays on the tile. */
export const REACTION_SHOW_MS = 3000;
