/**
 * JUnit XML for CI: one testcase per invariant, so a violated invariant shows up in the CI
 * test view by name. Undecided verdicts become <error>, not a skip: "could not check" must be
 * noticed, never read as green.
 */
import type { Verdict } from '../invariants/verdict';
import { toJsonText } from './json-text';
import { escapeXml, escapeXmlText } from './xml-escape';

export function renderJunitXml(suiteName: string, verdicts: readonly Verdict[], durationMs: number): string {
  const failures = verdicts.filter((v) => v.valid === false).length;
  const errors = verdicts.filter((v) => v.valid === 'unknown').length;
  const seconds = formatSeconds(durationMs);
  const counts = `tests="${verdicts.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}"`;
  const suite = escapeXml(suiteName);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" ${counts}>`,
    `  <testsuite name="${suite}" ${counts}>`,
    ...verdicts.flatMap((v) => renderTestcase(suite, v)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Checkers are not timed one by one; the suite carries the run's duration. */
function renderTestcase(suite: string, verdict: Verdict): string[] {
  const open = `    <testcase classname="${suite}" name="${escapeXml(`${verdict.id} ${verdict.title}`)}" time="0">`;
  const message = escapeXml(verdict.summary);
  if (verdict.valid === true) {
    return [open, `      <system-out>${escapeXmlText(verdict.summary)}</system-out>`, '    </testcase>'];
  }
  const tag = verdict.valid === false ? 'failure' : 'error';
  const type = verdict.valid === false ? 'InvariantViolated' : 'InvariantUndecided';
  // Escaped text rather than CDATA: a counterexample may itself contain "]]>".
  const body = escapeXmlText(
    toJsonText({
      summary: verdict.summary,
      counts: verdict.counts,
      counterexamples: verdict.counterexamples,
    }),
  );
  return [open, `      <${tag} message="${message}" type="${type}">${body}</${tag}>`, '    </testcase>'];
}

function formatSeconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000';
}
