/**
 * `check`: judges a recorded history without a stack.
 *
 *   npx tsx invariants/cli.ts check <run-folder | history.ndjson> [--suite g0|g1|core] [--out <dir>] [--same-as-run]
 *   npm run check:history -- reports/latest        make check RUN=reports/latest
 *
 * Prints the verdict table and the fairness measure, writes results.json and junit.xml (into
 * <run-folder>/check/ unless --out says otherwise: the run's own files stay as the run wrote
 * them) and exits 0 when every invariant holds, 1 when one is violated, 2 when one could not be
 * decided or the history could not be read. FAIRNESS_MAX_INVERSION_RATE (a share, e.g. 0.01)
 * turns the fairness measure into a judged invariant.
 *
 * When the run wrote its own results.json beside the history, the verdicts are compared with
 * the run's and the difference printed (a regression re-judged after a checker changed);
 * --same-as-run makes a difference exit 1, for a re-judge that must agree with the run.
 *
 * The one file of invariants/ that may import reports/: it is a process's main, and the junit and
 * JSON writers are the ones every run uses.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { toJsonText } from '../reports/json-text';
import { renderJunitXml } from '../reports/junit';
import {
  type CheckOutcome,
  checkHistoryFile,
  formatFairness,
  formatRunComparison,
  formatVerdictLines,
} from './check-history';
import { parseInversionRate } from './fairness';
import { exitCodeFor } from './verdict';

const USAGE = 'usage: check <run-folder | history.ndjson> [--suite g0|g1|core] [--out <dir>] [--same-as-run]';

interface CliArgs {
  readonly target: string;
  readonly suite?: string;
  readonly out?: string;
  readonly maxInversionRate?: number;
  readonly sameAsRun?: boolean;
}

export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'check') throw new Error(USAGE);
  let target: string | undefined;
  let suite: string | undefined;
  let out: string | undefined;
  let sameAsRun = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--same-as-run') {
      sameAsRun = true;
    } else if (arg === '--suite' || arg === '--out') {
      const value = rest[++i];
      if (value === undefined) throw new Error(`${arg} needs a value; ${USAGE}`);
      if (arg === '--suite') suite = value;
      else out = value;
    } else if (arg !== undefined && target === undefined) {
      target = arg;
    } else {
      throw new Error(`unexpected argument ${arg}; ${USAGE}`);
    }
  }
  if (target === undefined || target === '') throw new Error(USAGE);
  const maxInversionRate = parseInversionRate(env.FAIRNESS_MAX_INVERSION_RATE);
  return {
    target,
    ...(suite === undefined ? {} : { suite }),
    ...(out === undefined ? {} : { out }),
    ...(maxInversionRate === undefined ? {} : { maxInversionRate }),
    ...(sameAsRun ? { sameAsRun } : {}),
  };
}

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2), process.env);
  const started = Date.now();
  const outcome = await checkHistoryFile(args.target, args);
  const durationMs = Date.now() - started;
  const runId = outcome.header.runId ?? dirname(outcome.file).split('/').at(-1) ?? 'history';
  const title = `check ${outcome.suite} ${runId}`;
  console.log(`${title}: ${outcome.records} records from ${outcome.file}`);
  for (const line of formatVerdictLines(outcome.verdicts)) console.log(line);
  console.log(formatFairness(outcome.fairness));
  if (outcome.run !== undefined) console.log(formatRunComparison(outcome.run));
  else if (args.sameAsRun) console.log('run: no results.json with verdicts beside the history');
  const exitCode = args.sameAsRun ? sameAsRunExitCode(outcome) : exitCodeFor(outcome.valid);
  const outDir = args.out ?? join(dirname(outcome.file), 'check');
  await mkdir(outDir, { recursive: true });
  const results = {
    title,
    runId,
    history: outcome.file,
    suite: outcome.suite,
    records: outcome.records,
    parameters: outcome.header.parameters,
    checkedAt: started,
    durationMs,
    verdicts: outcome.verdicts,
    valid: outcome.valid,
    fairness: outcome.fairness,
    ...(outcome.run === undefined ? {} : { run: outcome.run }),
    exitCode,
  };
  await writeFile(join(outDir, 'results.json'), `${toJsonText(results)}\n`);
  await writeFile(join(outDir, 'junit.xml'), renderJunitXml(title, outcome.verdicts, durationMs));
  console.log(`results: ${join(outDir, 'results.json')}, ${join(outDir, 'junit.xml')}; exit ${exitCode}`);
  return exitCode;
}

/**
 * A re-judge that must agree with the run: 1 when a verdict changed, 2 when there is nothing to
 * compare with (no verdicts beside the history), else the verdicts' own code.
 */
function sameAsRunExitCode(outcome: CheckOutcome): number {
  if (outcome.run === undefined) return 2;
  return outcome.run.same ? exitCodeFor(outcome.valid) : 1;
}

// Run only as a program, so that a test can import parseCliArgs.
if (process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`check: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
