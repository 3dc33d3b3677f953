/**
 * A run's history.ndjson written as the run goes, the one way every runner records it: opened
 * once the system is open (the header carries its parameters), left partial on an interrupt or
 * a crash (the records so far, without the end line, beside the results.json that says
 * unknown), finished by the run itself once it holds the whole History.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunParameters } from '../../invariants/history';
import { HISTORY_FILE } from '../../invariants/history-format';
import { type HeaderFields, type LiveHistory, openLiveHistory } from '../../invariants/history-writer';
import type { SystemUnderTest } from '../system/system-under-test';
import { onInterrupt } from './run-main';

/**
 * The live history of `runDir`, flushed by the interrupt hooks if the process is stopped. The
 * run calls `finish` when it has the whole History, and `abandon` in its `finally`: after a
 * crash that leaves the partial file, after `finish` it does nothing; either way it takes the
 * interrupt hook away.
 */
export async function openRunHistory(runDir: string, header: HeaderFields): Promise<LiveHistory> {
  await mkdir(runDir, { recursive: true });
  const live = await openLiveHistory(join(runDir, HISTORY_FILE), { createdAt: Date.now(), ...header });
  const stopRecording = onInterrupt(() => live.abandon());
  return {
    ...live,
    abandon: async () => {
      stopRecording();
      await live.abandon();
    },
  };
}

/** What a run's parameters and checkers need of the system under test. */
export interface RunSystem {
  readonly resources: Pick<SystemUnderTest['resources'], 'maxReceiveCount'>;
  readonly clockSkewMs: number;
  readonly surfaces: Pick<SystemUnderTest['surfaces'], 'statusLogs'>;
}

/** A run's parameters, known once the system is open: the header and the History carry them. */
export function runParameters(system: RunSystem, eventId: string, capacity: number): RunParameters {
  return {
    eventId,
    capacity,
    maxReceiveCount: system.resources.maxReceiveCount,
    clockSkewMs: system.clockSkewMs,
    statusLogs: system.surfaces.statusLogs,
  };
}
