/**
 * The lifeline of a process is its ancestors in its own process group; killing one breaks it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isLifelineBroken, lifelineOf } from './lifeline';
import { killGroup, processStartTicks } from './pid-registry';

describe('lifeline', () => {
  it('is the ancestors in the process group, and breaks when one of them is killed', async () => {
    // A shell leading its own group (as make does under a shell with job control) and its child.
    const shell = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const shellPid = shell.pid ?? -1;
    try {
      const [line] = (await once(shell.stdout, 'data')) as [Buffer];
      const sleepPid = Number(line.toString().trim());

      const lifeline = lifelineOf(sleepPid);
      // The test process is outside the group: the chain stops at the group's leader.
      expect(lifeline).toEqual([{ pid: shellPid, startTicks: processStartTicks(shellPid) }]);
      expect(isLifelineBroken(lifeline)).toBe(false);

      shell.kill('SIGKILL');
      await once(shell, 'exit');
      expect(processStartTicks(sleepPid)).toBeDefined();
      expect(isLifelineBroken(lifeline)).toBe(true);
    } finally {
      killGroup(shellPid, 'SIGKILL');
    }
  });

  it('is empty for a process that does not exist', () => {
    expect(lifelineOf(2 ** 22 + 1)).toEqual([]);
  });
});
