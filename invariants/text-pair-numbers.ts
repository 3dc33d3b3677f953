/**
 * Dense numbers for (a, b) pairs of strings: an open-addressing hash table over an array of numbers,
 * the pairs themselves in two arrays. At 1M pairs a Map of Maps (or a Set of strings) is
 * millions of heap entries that outlive the young generation and bring on a full collection of
 * the whole history; this table is three plain arrays. Plain, not an Int32Array: a typed
 * array's buffer is external memory, and V8 starts a full collection once 64 MB more of it is
 * alive than at the last one.
 */
export class TextPairNumbers {
  // Sized for the expected pairs up front: an array grown by push leaves each old copy behind.
  private firstTexts: string[];
  private secondTexts: string[];
  private count = 0;
  private slots: number[];
  private lastFirst: string | undefined;
  private lastFirstHash = 0;

  /** `expected`: about how many pairs; the table grows past it. */
  constructor(expected = 1024) {
    this.slots = new Array<number>(tableSize(expected)).fill(-1);
    this.firstTexts = new Array<string>(expected);
    this.secondTexts = new Array<string>(expected);
  }

  get size(): number {
    return this.count;
  }

  /** The first string of pair n. */
  firstOf(n: number): string | undefined {
    return n < this.count ? this.firstTexts[n] : undefined;
  }

  /** The second string of pair n. */
  secondOf(n: number): string | undefined {
    return n < this.count ? this.secondTexts[n] : undefined;
  }

  /** The pair's number, giving it the next one if it is new. */
  numberOf(first: string, second: string): number {
    const found = this.find(first, second);
    if (found >= 0) return found;
    const created = this.count++;
    this.firstTexts[created] = first;
    this.secondTexts[created] = second;
    if (2 * this.count > this.slots.length) this.grow();
    else this.place(created, this.hashOf(first, second));
    return created;
  }

  /** The pair's number, -1 when it has none. */
  find(first: string, second: string): number {
    const mask = this.slots.length - 1;
    for (let slot = this.hashOf(first, second) & mask; ; slot = (slot + 1) & mask) {
      const n = this.slots[slot] as number;
      if (n < 0) return -1;
      if (this.secondTexts[n] === second && this.firstTexts[n] === first) return n;
    }
  }

  private hashOf(first: string, second: string): number {
    // The first string is nearly always the same one (the run's eventId): hashed once.
    if (first !== this.lastFirst) {
      this.lastFirst = first;
      this.lastFirstHash = hashText(first, 0x811c9dc5);
    }
    return hashText(second, this.lastFirstHash) >>> 0;
  }

  private place(n: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = n;
  }

  private grow(): void {
    this.slots = new Array<number>(this.slots.length * 2).fill(-1);
    for (let n = 0; n < this.count; n++) {
      this.place(n, this.hashOf(this.firstTexts[n] as string, this.secondTexts[n] as string));
    }
  }
}

/** FNV-1a over the UTF-16 code units, continuing from `seed`. */
function hashText(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** A power of two with room for `expected` entries at half load. */
function tableSize(expected: number): number {
  let size = 16;
  while (size < 2 * expected) size *= 2;
  return size;
}
