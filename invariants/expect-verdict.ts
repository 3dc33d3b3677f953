/**
 * The assertion most checker tests end with: the verdict is a violation and quotes a
 * counterexample with at least these fields. For tests only (it imports vitest).
 */
import { expect } from 'vitest';
import type { Verdict } from './verdict';

export function expectCounterexample(
  verdict: Verdict,
  counterexample: Readonly<Record<string, unknown>>,
): void {
  expect(verdict.valid).toBe(false);
  expect(verdict.counterexamples).toContainEqual(expect.objectContaining(counterexample));
}

/** The verdict's validity, and counts with at least these values. */
export function expectVerdict(
  verdict: Verdict,
  valid: Verdict['valid'],
  counts: Readonly<Record<string, number>>,
): void {
  expect(verdict.valid).toBe(valid);
  expect(verdict.counts).toMatchObject(counts);
}
