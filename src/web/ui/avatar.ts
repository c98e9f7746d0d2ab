/** Up to two initials: first letters of the first two words (one character for CJK names). */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const letters = words.slice(0, 2).map(firstCharacter);
  const first = letters[0];
  if (first === undefined) return '?';
  // CJK names are not split by spaces and one character reads better than two.
  if (/\p{Script=Han}/u.test(first)) return first;
  return letters.join('').toUpperCase();
}

const segmenter = new Intl.Segmenter();

/** The first user-perceived character (a whole emoji, a letter with its accents). */
function firstCharacter(word: string): string {
  for (const { segment } of segmenter.segment(word)) return segment;
  return '';
}

const HUES = [212, 262, 330, 12, 145, 188, 38, 286];

/** A stable background hue per name, so a person keeps their colour across tiles and lists. */
export function avatarHue(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return HUES[hash % HUES.length] ?? HUES[0] ?? 0;
}
