/**
 * `npm run stack -- up` (make up): emulators, resources, ingest and one worker in the foreground,
 * with their logs followed in this terminal; Ctrl-C, a closed terminal or the loss of the `make up`
 * in front of it stops everything.
 * `npm run stack -- down` (make down): stops a stack left running by `up` (from its pid file).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAnalyticsDelivery } from './analytics-delivery';
import { isLifelineBroken, type LifelineProcess, lifelineOf } from './embedded/lifeline';
import { isSameProcess, processStartTicks, type RecordedChild, reapLeftovers } from './embedded/pid-registry';
import { followLogs } from './follow-logs';
import { startPipeline } from './pipeline';

const root = join(import.meta.dirname, '..');
const runDir = join(root, '.stack', 'current');
const pidFile = join(root, '.stack', 'up.pids');
const say = (message: string) => console.log(`[stack] ${message}`);

async function up(): Promise<void> {
  const running = readPidFile();
  if (running !== undefined && isSameProcess(running.leader, running.leaderTicks)) {
    if (!isLifelineBroken(running.lifeline)) {
      console.error(`[stack] a stack is running already (pid ${running.leader}); run \`make down\` first`);
      process.exit(1);
    }
    // Its `make up` was killed but the CLI under it lives on, headless: it stops itself once it
    // notices, and this SIGTERM (then the registry) makes sure before the new stack starts.
    say(`the stack of pid ${running.leader} lost its \`make up\`: stopping it`);
    await stopStack(running.leader);
  } else if (running !== undefined) {
    // Its `up` died without cleaning up (SIGKILL): whatever it left running is reaped first.
    for (const child of reapLeftovers())
      say(`killed ${child.name} (pid ${child.pid}) left by a killed stack`);
  }
  rmSync(pidFile, { force: true });
  rmSync(runDir, { recursive: true, force: true });
  // Handlers and the pid file come before the first child, so that a Ctrl-C, a closed terminal
  // or `make down` during the start stops it too (children not yet handed over are killed by
  // child-process's exit hook).
  let stop = async () => {};
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping`);
    await stop();
    rmSync(pidFile, { force: true });
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => void shutdown(signal));
  const lifeline = lifelineOf();
  const watch = setInterval(() => {
    if (isLifelineBroken(lifeline)) void shutdown('the `make up` in front of this stack is gone');
  }, 500);
  mkdirSync(dirname(pidFile), { recursive: true });
  writeFileSync(
    pidFile,
    JSON.stringify({ leader: process.pid, leaderTicks: processStartTicks(process.pid), lifeline }),
  );
  const pipeline = await startPipeline({
    root,
    runDir,
    nodeBinary: process.execPath,
    resources: { fixtures: [{ eventId: 'EVT-009', capacity: 100 }], deliveryBufferingSeconds: 10 },
    onProgress: say,
  });
  stop = () => pipeline.stop();
  // The analytics path too, so that `make up` shows events landing in the bucket.
  const delivery = await startAnalyticsDelivery(pipeline);
  say(`analytics: ${delivery.route}`);
  await pipeline.startWorker();
  const stopFollowing = followLogs(runDir, ['ingest.log', 'worker-1.log']);
  stop = async () => {
    clearInterval(watch);
    stopFollowing();
    await delivery.stop().catch(() => undefined);
    await pipeline.stop();
  };
  say(`ready. In another terminal:  source .stack/current/endpoints.env  (INGEST_URL=${pipeline.ingestUrl})`);
  say('Ctrl-C stops everything.');
}

/** `make down`: stops a stack left running by `up`, or what a killed `up` left behind. */
async function down(): Promise<void> {
  const running = readPidFile();
  const leader =
    running !== undefined && isSameProcess(running.leader, running.leaderTicks) ? running.leader : undefined;
  const reaped = await stopStack(leader);
  if (leader === undefined && reaped.length === 0) say('nothing to stop');
  rmSync(pidFile, { force: true });
}

/**
 * Asks `up` to stop (it stops its children in order and removes the pid file); if it is gone or
 * does not finish within 15 s, every process it recorded is killed, so nothing outlives it.
 */
async function stopStack(leader: number | undefined): Promise<RecordedChild[]> {
  if (leader !== undefined) {
    process.kill(leader, 'SIGTERM');
    say(`sent SIGTERM to the stack (pid ${leader})`);
    const deadline = Date.now() + 15_000;
    while (processStartTicks(leader) !== undefined && Date.now() < deadline) await sleep(100);
  }
  const reaped = reapLeftovers(leader === undefined ? {} : { owners: [leader] });
  for (const child of reaped) say(`killed ${child.name} (pid ${child.pid})`);
  return reaped;
}

interface PidFile {
  readonly leader: number;
  readonly leaderTicks?: number;
  readonly lifeline: readonly LifelineProcess[];
}

function readPidFile(): PidFile | undefined {
  try {
    const file = JSON.parse(readFileSync(pidFile, 'utf8')) as PidFile;
    return Number.isInteger(file.leader) && file.leader > 0 ? file : undefined;
  } catch {
    return undefined;
  }
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else {
  console.error('usage: npm run stack -- up|down');
  process.exit(2);
}
