/**
 * The characters XML 1.0 allows (production [2] Char): tab, line feed, carriage return, and every
 * code point from U+0020 except the surrogates, U+FFFE and U+FFFF. The rule binds both the text as
 * written and the characters that references such as `&#x1;` stand for. xmldom accepts the others,
 * but the RDF/XML parser, xmlsec and browsers do not, so a document holding one would be read
 * differently (or not at all) by the next tool; the strict parse refuses it instead.
 */
export function isXmlChar(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd;
  if (codePoint < 0xd800) return true;
  if (codePoint < 0xe000) return false;
  if (codePoint < 0xfffe) return true;
  return codePoint >= 0x10000 && codePoint <= 0x10ffff;
}

/**
 * Index of the first UTF-16 code unit of `text` that is not an XML character, or -1. A surrogate
 * counts only as half of a pair; alone, it is not a character at all. (JavaScript strings can hold
 * one: text handed over as a string never went through the UTF-8 decoder.)
 */
export function findForbiddenCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit < 0xd800) continue;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return i;
    }
    if (!isXmlChar(unit)) return i;
  }
  return -1;
}

/** `U+0001`, or `an unpaired surrogate U+D800` for half a pair; for messages. */
export function describeCodeUnit(unit: number): string {
  const name = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
  return unit >= 0xd800 && unit <= 0xdfff ? `an unpaired surrogate ${name}` : `the character ${name}`;
}
