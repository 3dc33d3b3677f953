/**
 * A foreground `make up` lives as long as the command that started it. Its lifeline is the chain
 * of its ancestors in its own process group (make, npm, the shell npm runs, tsx): a `kill -9` of
 * make alone leaves the CLI running with nobody in front of it, its logs spilling into a shell
 * that has its prompt back. Once one of them is gone, the stack is headless and must stop.
 * Ancestors outside the group (the user's shell, tmux, a CI runner) are not part of it.
 */
import { isSameProcess, processStat } from './pid-registry';

export interface LifelineProcess {
  readonly pid: number;
  readonly startTicks: number;
}

export function lifelineOf(pid: number = process.pid): LifelineProcess[] {
  const own = processStat(pid);
  if (own === undefined) return [];
  const chain: LifelineProcess[] = [];
  for (let parent = own.ppid; parent > 1; ) {
    const stat = processStat(parent);
    if (stat === undefined || stat.pgrp !== own.pgrp) break;
    chain.push({ pid: parent, startTicks: stat.startTicks });
    parent = stat.ppid;
  }
  return chain;
}

export function isLifelineBroken(lifeline: readonly LifelineProcess[]): boolean {
  return lifeline.some((ancestor) => !isSameProcess(ancestor.pid, ancestor.startTicks));
}
