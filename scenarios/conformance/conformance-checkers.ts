/**
 * The checks conformance runs on a system: the G0 suite (the core invariants and every check of
 * the public surfaces), fitted to what the system has (runner/system-checkers.ts). The registry's
 * own list, so that `check` re-judges a conformance run's history.ndjson (suite g0) alike.
 */
import { CHECKER_SUITES, type Checker } from '../../invariants';
import { fitCheckers } from '../runner/system-checkers';
import type { SystemSurfaces } from '../system/system-under-test';

export function conformanceCheckers(surfaces: SystemSurfaces): readonly Checker[] {
  return fitCheckers(CHECKER_SUITES.g0, surfaces);
}
