/**
 * How a runbook's main (G0, G1) starts and ends, one way for both:
 *
 *   refuse at once   a load tool that cannot run, k6 on a system whose tokens it cannot get,
 *                    the runbook's own refusals: before anything starts, saying what to do
 *   folder           reports/runs/<suite>-<stamp>, results.json unknown if interrupted
 *   first lines      how to reproduce the run, where it writes
 *   setup            the system opened (the reference on its target, or the system of a file)
 *   history          history.ndjson as the run goes (openRunbookHistory)
 *   the runbook      its phases, verdicts and report (the caller's)
 *   always           the partial history left if it did not finish, the system stopped
 */
import type { LoadToolName } from '../load/load-plan';
import { refuseK6Tokens, resolveLoadTool } from '../load/load-tool';
import { type ReferenceSetup, type SystemSource, systemSource } from '../system/open-system';
import { createProgress } from './progress';
import { newRunFolder } from './run-folder';
import type { RunbookContext } from './runbook-context';
import { openRunbookHistory, type RunbookHistory } from './runbook-run';

/** The options every runbook has. */
export interface RunbookOptions {
  readonly PROFILE: string;
  readonly TARGET: NonNullable<ReferenceSetup['target']>;
  readonly LOAD_TOOL: LoadToolName;
  readonly K6_BINARY: string;
  readonly SYSTEM?: string | undefined;
  readonly EVENT_ID: string;
  readonly CAPACITY: number;
}

export interface RunbookStart<Options extends RunbookOptions> {
  readonly suite: 'g0' | 'g1';
  readonly root: string;
  readonly options: Options;
  /** How to run it again, printed first. */
  readonly command: string;
  /** What the setup phase opens: the system of `file`, or the reference stack (file undefined). */
  readonly describeSetup: (file: string | undefined) => string;
  /** The reference services' knobs, beside the TARGET option (a system of a file ignores them). */
  readonly reference: Omit<ReferenceSetup, 'target'>;
  /** A refusal of the runbook's own, before anything starts. */
  readonly refuse?: (source: SystemSource) => void;
}

export interface StartedRunbook<Options> {
  readonly context: RunbookContext<Options> & { readonly history: RunbookHistory['history'] };
  readonly opened: RunbookHistory;
  readonly runId: string;
  readonly startedAt: number;
}

export async function runRunbook<Options extends RunbookOptions>(
  start: RunbookStart<Options>,
  runbook: (run: StartedRunbook<Options>) => Promise<number>,
): Promise<number> {
  const { options, root, suite } = start;
  const loadTool = resolveLoadTool(options.LOAD_TOOL, options.K6_BINARY, root);
  const source = systemSource(options.SYSTEM, root);
  // k6's script only logs in at the spec's route: a system with other tokens refuses it at once.
  refuseK6Tokens(loadTool, source.tokens);
  start.refuse?.(source);
  const startedAt = Date.now();
  const { runId, runDir } = await newRunFolder(root, suite, startedAt);
  const progress = createProgress(startedAt);
  progress.say(`${suite.toUpperCase()} run ${runId} (${options.PROFILE}): ${start.command}`);
  progress.say(`writing to ${runDir}`);

  progress.phase('setup', start.describeSetup(source.file));
  const system = await source.open({
    runDir,
    reference: { target: options.TARGET, ...start.reference },
    onProgress: (message) => progress.say(message),
  });
  try {
    const opened = await openRunbookHistory({ suite, runId, runDir, startedAt }, system, {
      eventId: options.EVENT_ID,
      capacity: options.CAPACITY,
    });
    try {
      const context = { options, system, progress, runDir, loadTool, runTag: runId, history: opened.history };
      return await runbook({ context, opened, runId, startedAt });
    } finally {
      // A run that threw leaves its partial history (no end line); after finish this does nothing.
      await opened.history.abandon();
    }
  } finally {
    await system.stop();
  }
}
