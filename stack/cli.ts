/**
 * `npm run stack -- up` (make up): emulators, resources, ingest and one worker in the foreground,
 * with their logs followed in this terminal; Ctrl-C stops everything.
 * `npm run stack -- down` (make down): stops a stack left running by `up` (from its pid file).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAnalyticsDelivery } from './analytics-delivery';
import { processStartTicks, reapLeftovers } from './embedded/pid-registry';
import { followLogs } from './follow-logs';
import { startPipeline } from './pipeline';

const root = join(import.meta.dirname, '..');
const runDir = join(root, '.stack', 'current');
const pidFile = join(root, '.stack', 'up.pids');
const say = (message: string) => console.log(`[stack] ${message}`);

async function up(): Promise<void> {
  if (existsSync(pidFile)) {
    const leader = leaderOf(pidFile);
    if (leader !== undefined && processStartTicks(leader) !== undefined) {
      console.error(`[stack] a stack is running already (pid ${leader}); run \`make down\` first`);
      process.exit(1);
    }
    // Its `up` died without cleaning up (SIGKILL): whatever it left running is reaped first.
    for (const child of reapLeftovers())
      say(`killed ${child.name} (pid ${child.pid}) left by a killed stack`);
    rmSync(pidFile, { force: true });
  }
  rmSync(runDir, { recursive: true, force: true });
  const pipeline = await startPipeline({
    root,
    runDir,
    nodeBinary: process.execPath,
    resources: { fixtures: [{ eventId: 'EVT-009', capacity: 100 }], deliveryBufferingSeconds: 10 },
    onProgress: say,
  });
  // The analytics path too, so that `make up` shows events landing in the bucket.
  const delivery = await startAnalyticsDelivery(pipeline);
  say(`analytics: ${delivery.route}`);
  await pipeline.startWorker();
  const pids = [
    process.pid,
    ...pipeline.stack.children.map((c) => c.pid),
    ...pipeline.workers.map((w) => w.pid),
  ];
  writeFileSync(pidFile, pids.join('\n'));
  const stopFollowing = followLogs(runDir, ['ingest.log', 'worker-1.log']);
  say(`ready. In another terminal:  source .stack/current/endpoints.env  (INGEST_URL=${pipeline.ingestUrl})`);
  say('Ctrl-C stops everything.');
  const shutdown = async (signal: string) => {
    say(`${signal}: stopping`);
    stopFollowing();
    await delivery.stop().catch(() => undefined);
    await pipeline.stop();
    rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Asks `up` to stop (it stops its children in order and removes the pid file); if it is gone or
 * does not finish within 15 s, every process it recorded is killed, so nothing outlives it.
 */
async function down(): Promise<void> {
  const leader = existsSync(pidFile) ? leaderOf(pidFile) : undefined;
  if (leader !== undefined && processStartTicks(leader) !== undefined) {
    process.kill(leader, 'SIGTERM');
    say(`sent SIGTERM to the stack (pid ${leader})`);
    const deadline = Date.now() + 15_000;
    while (processStartTicks(leader) !== undefined && Date.now() < deadline) await sleep(100);
  }
  const reaped = reapLeftovers(leader === undefined ? {} : { owners: [leader] });
  for (const child of reaped) say(`killed ${child.name} (pid ${child.pid})`);
  if (leader === undefined && reaped.length === 0) say('nothing to stop');
  rmSync(pidFile, { force: true });
}

function leaderOf(file: string): number | undefined {
  const [leader] = readFileSync(file, 'utf8').split('\n').map(Number);
  return leader !== undefined && Number.isInteger(leader) && leader > 0 ? leader : undefined;
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else {
  console.error('usage: npm run stack -- up|down');
  process.exit(2);
}
