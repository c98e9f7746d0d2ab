import { z } from 'zod';
import { MAX_APP_DATA_BYTES, utf8WithinLimit } from './limits.js';

/**
 * Free JSON that members exchange through the server (`app` messages): chat and media
 * state in SFU mode, control notices in any mode. The server relays it without reading it;
 * receivers validate it as they validate data-channel frames.
 */
export const appDataSchema = z
  .json()
  .refine((data) => utf8WithinLimit(JSON.stringify(data), MAX_APP_DATA_BYTES), {
    message: `app data larger than ${String(MAX_APP_DATA_BYTES)} bytes`,
  });
