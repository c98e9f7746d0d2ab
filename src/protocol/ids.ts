import { z } from 'zod';
import { ID_PATTERN } from './limits.js';

export const roomIdSchema = z.string().regex(ID_PATTERN, 'room must be 1-64 of A-Z a-z 0-9 _ -');
export const peerIdSchema = z.string().regex(ID_PATTERN, 'peer id must be 1-64 of A-Z a-z 0-9 _ -');
