/**
 * Prints each step with the time elapsed since the run began and records phases with their
 * timestamps, so the report can mark them on the timeline.
 */
import type { PhaseMark } from '../../invariants/history';

export interface Progress {
  readonly startedAt: number;
  readonly phases: readonly PhaseMark[];
  readonly currentPhase: string;
  say(message: string): void;
  phase(name: string, description: string): void;
  endPhase(): void;
}

export function createProgress(
  startedAt = Date.now(),
  write: (line: string) => void = console.log,
): Progress {
  const phases: PhaseMark[] = [];
  let current: { name: string; startedAt: number } | undefined;
  const elapsed = () => `+${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s`;
  const endPhase = () => {
    if (!current) return;
    phases.push({ name: current.name, startedAt: current.startedAt, endedAt: Date.now() });
    current = undefined;
  };
  return {
    startedAt,
    get phases() {
      return current ? [...phases, { name: current.name, startedAt: current.startedAt }] : phases;
    },
    get currentPhase() {
      return current?.name ?? 'none';
    },
    say: (message) => write(`[${elapsed()}] ${message}`),
    phase(name, description) {
      endPhase();
      current = { name, startedAt: Date.now() };
      write(`[${elapsed()}] == ${name}: ${description}`);
    },
    endPhase,
  };
}
