/**
 * XML text for SVG and JUnit. Summaries and counterexamples quote whatever the system under test
 * answered, so they may carry markup characters and even control bytes: a single stray byte
 * would make CI reject the whole junit.xml, so characters XML 1.0 forbids are dropped.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** XML 1.0 Char production: tab, LF, CR, then U+0020..U+D7FF, U+E000..U+FFFD, U+10000 and up. */
function isXmlChar(codePoint: number): boolean {
  if (codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd) return true;
  if (codePoint < 0x20) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false; // a lone surrogate: for..of yields pairs whole
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}

/** Safe both as element text and inside a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return escapeWith(text, /[&<>"']/);
}

/** Element text only: quotes stay as they are, so JSON bodies remain readable in the raw file. */
export function escapeXmlText(text: string): string {
  return escapeWith(text, /[&<>]/);
}

function escapeWith(text: string, special: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (!isXmlChar(ch.codePointAt(0) ?? 0)) continue;
    out += special.test(ch) ? (ENTITIES[ch] ?? ch) : ch;
  }
  return out;
}
