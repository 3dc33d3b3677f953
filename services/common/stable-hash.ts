/** FNV-1a (32 bit) over UTF-8: the same bucket for a user in every process and every release. */
export function stableHash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
