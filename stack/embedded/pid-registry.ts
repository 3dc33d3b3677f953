/**
 * Processes never outlive a run. Every child is started in its own process group and recorded
 * in a registry file of the process that started it (one file per harness process, in a
 * machine-wide folder). A harness killed with SIGKILL cannot clean up, so the next start reaps:
 * every registry whose owner is gone has its process groups killed, and `make down` does the
 * same for a live `up`. A pid is only killed if it is still the process that was recorded (its
 * start time in /proc matches), never a stranger that reused the number.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedChild {
  readonly pid: number;
  readonly name: string;
  /** /proc/<pid>/stat start time, in clock ticks since boot. */
  readonly startTicks: number;
}

export function registryFolder(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.PARTICIPATION_PID_DIR ?? join(env.XDG_RUNTIME_DIR ?? tmpdir(), 'participation-harness', 'pids');
}

export class PidRegistry {
  private readonly children = new Map<number, RecordedChild>();
  private readonly file: string;

  constructor(
    private readonly folder = registryFolder(),
    readonly owner = process.pid,
  ) {
    this.file = join(folder, `${owner}.json`);
  }

  record(pid: number, name: string): void {
    const startTicks = processStartTicks(pid);
    if (startTicks === undefined) return;
    this.children.set(pid, { pid, name, startTicks });
    this.write();
  }

  forget(pid: number): void {
    if (!this.children.delete(pid)) return;
    this.write();
  }

  private write(): void {
    mkdirSync(this.folder, { recursive: true });
    if (this.children.size === 0) {
      rmSync(this.file, { force: true });
      return;
    }
    const ownerTicks = processStartTicks(this.owner);
    writeFileSync(
      this.file,
      JSON.stringify({ owner: this.owner, ownerTicks, children: [...this.children.values()] }),
    );
  }
}

/**
 * Kills the process groups recorded by harness processes that are gone (or, with `owners`, by
 * those named, alive or not) and removes their registries. Returns what it killed.
 */
export function reapLeftovers(
  options: { folder?: string; owners?: readonly number[] } = {},
): RecordedChild[] {
  const folder = options.folder ?? registryFolder();
  let files: string[];
  try {
    files = readdirSync(folder).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const reaped: RecordedChild[] = [];
  for (const name of files) {
    const path = join(folder, name);
    let entry: { owner: number; ownerTicks?: number; children: RecordedChild[] };
    try {
      entry = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    const named = options.owners?.includes(entry.owner) ?? false;
    const ownerAlive = isSameProcess(entry.owner, entry.ownerTicks);
    if (ownerAlive && !named) continue;
    for (const child of entry.children) {
      if (!isSameProcess(child.pid, child.startTicks)) continue;
      killGroup(child.pid, 'SIGKILL');
      reaped.push(child);
    }
    rmSync(path, { force: true });
  }
  return reaped;
}

/** Signals the child's whole process group (it was started as its leader). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether `pid` still runs and is the process recorded (same start time), not a stranger. */
export function isSameProcess(pid: number, startTicks: number | undefined): boolean {
  const now = processStartTicks(pid);
  return now !== undefined && (startTicks === undefined || now === startTicks);
}

export interface ProcessStat {
  readonly ppid: number;
  readonly pgrp: number;
  /** Clock ticks since boot. */
  readonly startTicks: number;
}

/** Fields 4, 5 and 22 of /proc/<pid>/stat; undefined when the process does not exist (or is a zombie). */
export function processStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

export function processStartTicks(pid: number): number | undefined {
  return processStat(pid)?.startTicks;
}
