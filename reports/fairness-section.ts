/**
 * The fairness section of a run report (spec invariant 16): inversions among requests that did
 * not overlap in time, the comparable pairs, the rate, and the worst pairs quoted. A measure: it
 * says "within bound" or "above bound" only when the run configured one. Plain data in, Markdown
 * out, added to a report through RunReport.extraSections.
 */
import type { FairnessMeasure } from '../invariants/fairness';
import { formatCount, formatPercent, isoOrDash, mdCodeCell, mdTable } from './markdown-text';

export function renderFairnessSection(
  measure: FairnessMeasure,
  maxInversionRate?: number,
): { readonly title: string; readonly markdown: string } {
  const title = 'Fairness (first come, first served)';
  if (measure.comparablePairs === 0) {
    return {
      title,
      markdown:
        `Unknown: no two requests with a seat or a capacity rejection were apart in time ` +
        `(${formatCount(measure.contenders)} requests compared, ${formatCount(measure.withoutSendTime)} without a send time).`,
    };
  }
  const bound =
    maxInversionRate === undefined
      ? 'a measure: no bound configured (FAIRNESS_MAX_INVERSION_RATE)'
      : measure.inversionRate <= maxInversionRate
        ? `within the bound of ${formatPercent(maxInversionRate)}`
        : `**above the bound of ${formatPercent(maxInversionRate)}**`;
  const lines = [
    'A pair (a, b) is comparable when the 202 of a reached its client before b was sent; it is an ' +
      'inversion when b got a seat and a was REJECTED. A standard SQS queue gives no order guarantee, ' +
      'so some inversions near the capacity boundary are expected.',
    '',
    mdTable(
      ['requests', 'comparable pairs', 'inversions', 'rate', 'verdict'],
      [
        [
          formatCount(measure.contenders),
          formatCount(measure.comparablePairs),
          formatCount(measure.inversions),
          formatPercent(measure.inversionRate),
          bound,
        ],
      ],
    ),
  ];
  if (measure.worstPairs.length > 0) {
    lines.push(
      '',
      "Worst pairs (longest wait between the rejected request's 202 and the seated request's send):",
      '',
      mdTable(
        ['rejected requestId', 'answered', 'seated requestId', 'sent', 'gap'],
        measure.worstPairs.map((pair) => [
          mdCodeCell(pair.rejected.requestId),
          isoOrDash(pair.rejected.answeredAt),
          mdCodeCell(pair.seated.requestId),
          isoOrDash(pair.seated.sentAt),
          `${formatCount(pair.gapMs)} ms`,
        ]),
      ),
    );
  }
  return { title, markdown: lines.join('\n') };
}
