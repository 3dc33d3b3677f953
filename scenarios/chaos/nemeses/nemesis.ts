/** What every nemesis gets, and what it reports back as evidence that it fired. */
import type { ParticipateOperation } from '../../../invariants/history';
import type { Random, StartedFaultProxy } from '../../../stack/embedded/fault-proxy';
import type { Progress } from '../../runner/progress';
import type { SystemUnderTest } from '../../system/system-under-test';
import type { ChaosScenario } from '../catalog';

export interface NemesisContext {
  readonly scenario: ChaosScenario;
  readonly system: SystemUnderTest;
  readonly proxies: ReadonlyMap<string, StartedFaultProxy>;
  readonly random: Random;
  readonly progress: Progress;
  readonly runTag: string;
  /** FAULT=off: start the workers the scenario needs, inject nothing (the verdict must say so). */
  readonly faultOff: boolean;
  /** Settles when the clients' load is over: the nemesis stops faulting then at the latest. */
  readonly loadDone: Promise<unknown>;
}

/**
 * A nemesis in two steps: `prepare` starts the workers the scenario needs (slow on a busy
 * machine), and `fire` runs the fault, timed from the moment the load starts.
 */
export interface Nemesis {
  prepare(): Promise<void>;
  fire(): Promise<NemesisRun>;
}

export interface NemesisRun {
  /** When the fault was in force, for the report's shading. */
  readonly window?: { readonly from: number; readonly to: number };
  readonly crashReached: boolean;
  readonly kills: number;
  /** Requests the nemesis itself made poison: their FAILED_FINAL and dead letters are expected. */
  readonly poisonRequestIds: readonly string[];
  /** Participations the nemesis itself made (the poison requests), for the history. */
  readonly operations?: readonly ParticipateOperation[];
}

export const NOTHING_FIRED: NemesisRun = { crashReached: false, kills: 0, poisonRequestIds: [] };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A seeded whole number within [low, high]. */
export function between(random: Random, [low, high]: readonly [number, number]): number {
  return Math.round(low + random() * (high - low));
}
