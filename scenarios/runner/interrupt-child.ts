/**
 * For the tests that interrupt a real run process: starts a fixture under tsx, waits for its
 * `ready <runDir>` line, sends `signal`, and answers the exit code and the folder.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function interruptWhenReady(
  fixture: string,
  args: readonly string[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; runDir: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let runDir = '';
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('ready ')) continue;
    runDir = line.slice('ready '.length);
    child.kill(signal);
    break;
  }
  return { code: await exited, runDir };
}
