/**
 * I6 in the analytics data (spec sections 5 and 6.6): zero negative delays and zero missing
 * timestamps in what reached the bucket, and the bucket itself laid out as the contract says:
 * keys under events/dt=YYYY-MM-DD/hour=HH/ and exactly one JSON object per line.
 */
import type { History } from './history';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

const ID = 'I6a';
const TITLE =
  'Analytics data: no negative delays, no missing timestamps, events/dt=/hour=/ layout, one object per line';
export const EVENT_KEY_PATTERN = /^events\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[^/]+$/;

export function checkAnalyticsDataQuality(history: History): Verdict {
  const analytics = history.analytics;
  if (!analytics) {
    return nothingToJudge(ID, TITLE, 'no analytics delivery was collected');
  }
  const counterexamples: unknown[] = [];
  const counts = {
    records: analytics.records.length,
    negativeDelays: 0,
    missingTimestamps: 0,
    badKeys: 0,
    malformedLines: 0,
  };
  for (const key of analytics.objectKeys) {
    if (!EVENT_KEY_PATTERN.test(key)) {
      counts.badKeys++;
      counterexamples.push({ kind: 'keyOutsideLayout', key });
    }
  }
  for (const malformed of analytics.malformedLines) {
    counts.malformedLines++;
    counterexamples.push({ kind: 'notOneObjectPerLine', ...malformed });
  }
  for (const { key, detail } of analytics.records) {
    const t = (detail.timestamps ?? {}) as Record<string, number | null | undefined>;
    const status = detail.finalStatus;
    const needsStart = status === 'SUCCEEDED' || status === 'REJECTED';
    const missing =
      typeof t.queuedAt !== 'number' ||
      typeof t.finishedAt !== 'number' ||
      (needsStart && typeof t.startedAt !== 'number');
    if (missing) {
      counts.missingTimestamps++;
      counterexamples.push({ kind: 'missingTimestamp', key, detail });
      continue;
    }
    const queuedAt = t.queuedAt as number;
    const negative =
      (typeof t.startedAt === 'number' && t.startedAt < queuedAt) || (t.finishedAt as number) < queuedAt;
    if (negative) {
      counts.negativeDelays++;
      counterexamples.push({ kind: 'negativeDelay', key, detail });
    }
  }
  const violations =
    counts.negativeDelays + counts.missingTimestamps + counts.badKeys + counts.malformedLines;
  // An empty bucket breaks no rule of the data, but proves none either (I8 says what is missing).
  if (violations === 0 && counts.records === 0) {
    return nothingToJudge(ID, TITLE, 'no analytics record reached the bucket: nothing to judge', counts);
  }
  return judgedByViolations({
    id: ID,
    title: TITLE,
    violations,
    counterexamples,
    summaryIfValid: `${counts.records} events in ${analytics.objectKeys.length} objects: 0 negative delays, 0 missing timestamps`,
    summaryIfInvalid: `${counts.negativeDelays} negative delay(s), ${counts.missingTimestamps} missing timestamp(s), ${counts.badKeys} bad key(s), ${counts.malformedLines} malformed line(s)`,
    counts: { ...counts, violations },
  });
}
