// A person's name as search matches it (search/rules.ts, and referrals.search_name where each referral's
// name is kept folded): lower case, accents and apostrophes gone, so "Wiśniewski-O’Brien" is found by
// "obrien" or "WISNIEWSKI" (issue 10: "accents and case ignored").

/** Letters NFD does not take apart into a base letter and a mark. */
const OTHER_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ŧ: 't',
};
const OTHER_LETTER = new RegExp(`[${Object.keys(OTHER_LETTERS).join('')}]`, 'gu');

/** Apostrophes inside a name join its parts ("O’Brien" is "obrien"); any other mark separates words. */
const APOSTROPHES = /['’‘`ʼ]/gu;

/**
 * A name (or a query) as it is matched: lower case, accents and apostrophes gone, every other run of
 * anything but a letter or digit one space. "Wiśniewski-O’Brien" is "wisniewski obrien".
 */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(OTHER_LETTER, (c) => OTHER_LETTERS[c] ?? c)
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** What referrals.search_name holds for the person as a referral names them. */
export function searchNameOf(givenName: string, familyName: string): string {
  return foldName(`${givenName} ${familyName}`);
}
