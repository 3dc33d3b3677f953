import { describe, expect, it } from 'vitest';
import { TextPairNumbers } from './text-pair-numbers';

describe('TextPairNumbers', () => {
  it('numbers each distinct pair once, in order of first appearance, past its first size', () => {
    // Prepare: a table sized for 4 pairs, given 1000 pairs twice over and in two events
    const table = new TextPairNumbers(4);

    // Act
    const first = Array.from({ length: 1000 }, (_, i) => table.numberOf(`evt-${i % 2}`, `user-${i}`));
    const again = Array.from({ length: 1000 }, (_, i) => table.numberOf(`evt-${i % 2}`, `user-${i}`));

    // Assess
    expect(first).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(again).toEqual(first);
    expect(table.size).toBe(1000);
    expect(table.find('evt-1', 'user-0')).toBe(-1);
    expect(table.find('evt-0', 'user-998')).toBe(998);
    expect([table.firstOf(3), table.secondOf(3)]).toEqual(['evt-1', 'user-3']);
    expect(table.firstOf(1000)).toBeUndefined();
  });
});
