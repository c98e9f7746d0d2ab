import { z } from 'zod';
import { MAX_NAME_CHARS } from './limits.js';

// Any C0/C1 control character (includes \n, \t, DEL). Names are shown in other people's UI.
const CONTROL_CHARACTER = /\p{Cc}/u;
// Invisible format characters (bidi overrides and isolates such as U+202E, zero-width
// spaces and joiners, soft hyphen, word joiner, tag characters) and line/paragraph
// separators: they let one name pose as another ("Ann" + U+200B) or render reversed.
const INVISIBLE_CHARACTER = /[\p{Cf}\p{Zl}\p{Zp}]/u;
// The one legitimate use of a format character in a name: a zero-width joiner between two
// emoji (family and profession sequences such as 👩‍💻), possibly after a skin-tone or
// presentation modifier.
const EMOJI_JOINER =
  /(\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D(?=\p{Extended_Pictographic})/gu;

function hasInvisibleCharacters(name: string): boolean {
  return INVISIBLE_CHARACTER.test(name.replace(EMOJI_JOINER, '$1'));
}

/** Length in Unicode code points, so an emoji name is not twice as "long" as a letter. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
function codePointLength(text: string): number {
  return text.replace(SURROGATE_PAIR, '_').length;
}

/** A display name: trimmed, 1–64 code points, no control or invisible format characters. */
export const displayNameSchema = z
  .string()
  .max(MAX_NAME_CHARS * 4, 'name too long')
  .transform((name) => name.trim())
  .refine((name) => name.length > 0, 'name is empty')
  .refine(
    (name) => codePointLength(name) <= MAX_NAME_CHARS,
    `name longer than ${String(MAX_NAME_CHARS)} characters`,
  )
  .refine((name) => !CONTROL_CHARACTER.test(name), 'name contains control characters')
  .refine(
    (name) => !hasInvisibleCharacters(name),
    'name contains invisible or direction-changing characters',
  );
