/**
 * `npm run check:k6 -- <records.ndjson> [--event EVT-009] [--out <dir>]`: judges a k6 run that a
 * team ran by hand against the stack (bring your own k6). With `.stack/current/endpoints.env`
 * sourced, it reads the k6 script's per-request records, waits until every request in the table
 * is final (the worker of `make up` drains them), reads the table and the DLQ, and runs the
 * state invariants plus the HTTP budget on that history. It writes <dir>/history.ndjson (so
 * `make check RUN=<dir>` re-judges it later) and exits 0 / 1 / 2 like every run.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CORE_CHECKERS, checkAll, checkHttp, exitCodeFor, type History } from '../../invariants';
import { writeHistoryFile } from '../../invariants/history-writer';
import { targetFromEnvironment } from '../../services/aws/aws-target';
import { createAwsClients } from '../../services/aws/clients';
import { collectFinalState } from '../runner/final-state';
import { parseRecords } from '../runner/k6-runner';
import { runAsMain } from '../runner/run-main';
import { waitUntilAllFinal } from '../runner/wait-until-final';

const USAGE =
  'usage: check:k6 <k6-records.ndjson> [--event EVT-009] [--out <dir>] (source .stack/current/endpoints.env first)';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const recordsFile = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const { TABLE_NAME, QUEUE_URL, DLQ_URL } = process.env;
  if (!recordsFile) throw new Error(`check:k6: ${USAGE}`);
  if (!TABLE_NAME || !QUEUE_URL || !DLQ_URL)
    throw new Error(
      'check:k6: TABLE_NAME, QUEUE_URL and DLQ_URL are not set: source .stack/current/endpoints.env',
    );
  const eventId = flag('--event') ?? 'EVT-009';
  const out = resolve(
    flag('--out') ?? `reports/runs/k6-check-${new Date().toISOString().replace(/[-:.]/g, '')}`,
  );

  const operations = parseRecords(await readFile(recordsFile, 'utf8'), eventId, 'k6');
  console.log(`check:k6: ${operations.length} participation record(s) in ${recordsFile}`);
  const clients = createAwsClients(targetFromEnvironment(process.env));
  const resources = { tableName: TABLE_NAME, mainQueueUrl: QUEUE_URL, deadLetterQueueUrl: DLQ_URL };
  const { finalAt } = await waitUntilAllFinal({
    clients,
    tableName: TABLE_NAME,
    mainQueueUrl: QUEUE_URL,
    timeoutMs: 300_000,
    say: (line) => console.log(`check:k6: ${line}`),
  });
  if (finalAt === undefined)
    console.log('check:k6: not every request became final in 300 s (is the worker running?)');
  const { final } = await collectFinalState(clients, resources);
  const capacity = final.capacities.find((c) => c.eventId === eventId)?.capacityTotal ?? 0;
  const history: History = {
    parameters: { eventId, capacity, maxReceiveCount: Number(process.env.MAX_RECEIVE_COUNT ?? 3) },
    operations,
    observations: [],
    samples: [],
    phases: [],
    final,
  };
  const { verdicts, valid } = checkAll(history, [...CORE_CHECKERS, checkHttp]);
  for (const verdict of verdicts) {
    const word = verdict.valid === true ? 'PASS' : verdict.valid === false ? 'FAIL' : 'UNKNOWN';
    console.log(`${word} ${verdict.id} ${verdict.summary}`);
  }
  await mkdir(out, { recursive: true });
  await writeHistoryFile(
    join(out, 'history.ndjson'),
    { suite: 'core', runId: 'k6-check', parameters: history.parameters },
    history,
  );
  console.log(`check:k6: history in ${join(out, 'history.ndjson')} (make check RUN=${out})`);
  return exitCodeFor(valid);
}

runAsMain('check:k6', main);
