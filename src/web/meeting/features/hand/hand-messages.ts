import { z } from 'zod';

/**
 * `hand`: a raised or lowered hand. `seq` orders the queue (hand-queue.ts). Without `for`
 * it is the sender's own hand; with `for` the sender lowers someone else's, which
 * receivers accept only from the meeting's host (`raised` must then be false).
 */
export const handMessageSchema = z.object({
  type: z.literal('hand'),
  raised: z.boolean(),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  for: z.string().min(1).max(64).exactOptional(),
});

export type HandMessage = z.infer<typeof handMessageSchema>;
