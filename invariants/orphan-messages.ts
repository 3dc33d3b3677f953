/**
 * Nothing lost, read the other way (invariant 5): every well-formed requestId that reached the
 * DLQ names a request in the table (after the drain the main queue is empty, so the DLQ is where
 * such a message ends). A message without its
 * request is work nobody accounts for: a duplicate enqueued under a fresh requestId, a request
 * written to the wrong table. The run's own poison (declared) is exempt.
 */
import type { History } from './history';
import { indexHistory } from './history-index';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkOrphanMessages(history: History): Verdict {
  // The shared index, not a Set of every requestId: only the dead letters are looked up.
  const known = indexHistory(history).requestsById;
  const declared = new Set<string>(history.poisonRequestIds ?? []);
  const counterexamples: unknown[] = [];
  let named = 0;
  for (const letter of history.final.deadLetters) {
    const requestId = letter.requestId;
    if (requestId === undefined || !REQUEST_ID.test(requestId)) continue;
    named++;
    if (known.has(requestId) || declared.has(requestId)) continue;
    counterexamples.push({
      messageId: letter.messageId,
      requestId,
      receiveCount: letter.receiveCount,
      body: letter.body,
    });
  }
  const title = 'No orphan messages: every requestId in the DLQ names a request in the table';
  const counts = {
    deadLetters: history.final.deadLetters.length,
    namingARequestId: named,
    orphans: counterexamples.length,
  };
  if (history.final.requests.length === 0 && history.final.deadLetters.length === 0) {
    return nothingToJudge('I5b', title, 'no request and no dead letter: nothing to judge', counts);
  }
  if (named === 0) {
    return {
      id: 'I5b',
      title,
      valid: true,
      summary: `the DLQ holds ${history.final.deadLetters.length} letter(s), none naming a requestId: no orphan`,
      counts,
      counterexamples: [],
    };
  }
  return judgedByViolations({
    id: 'I5b',
    title,
    violations: counterexamples.length,
    counterexamples,
    summaryIfValid: `all ${named} dead letters naming a requestId name a request in the table (or declared poison)`,
    summaryIfInvalid: `${counterexamples.length} dead letter(s) name a requestId with no request: work nobody accounts for`,
    counts,
  });
}
