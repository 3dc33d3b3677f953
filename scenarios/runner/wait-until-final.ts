/**
 * The "wait for recovery" of a run: until the main queue is empty and every request (of interest)
 * has a final status, or the time is up. Progress is reported every five seconds.
 */
import type { AwsClients } from '../../services/aws/clients';
import { isFinalStatus, type RequestItem } from '../../services/common';
import { countValues } from './count-by';
import { scanTable, splitTable } from './final-state';
import { readQueueDepth } from './queue-sampler';

export interface WaitUntilFinalOptions {
  readonly clients: AwsClients;
  readonly tableName: string;
  readonly mainQueueUrl: string;
  readonly timeoutMs: number;
  /** Only these requests count (one event of a sub-run); all by default. */
  readonly select?: (request: RequestItem) => boolean;
  /** Wait until at least this many selected requests exist (they may still be on their way). */
  readonly expectedRequests?: number;
  readonly say: (message: string) => void;
}

export interface WaitOutcome {
  /** When everything was final; undefined if the time ran out. */
  readonly finalAt: number | undefined;
  readonly statusCounts: Record<string, number>;
}

export async function waitUntilAllFinal(options: WaitUntilFinalOptions): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReport = 0;
  let statusCounts: Record<string, number> = {};
  while (Date.now() < deadline) {
    const depth = await readQueueDepth(options.clients, options.mainQueueUrl);
    const inQueue = depth.visible + depth.notVisible + depth.delayed;
    const requests = splitTable(await scanTable(options.clients, options.tableName)).requests.filter(
      options.select ?? (() => true),
    );
    statusCounts = countValues(requests.map((r) => r.status));
    const open = requests.filter((r) => !isFinalStatus(r.status)).length;
    const enough = requests.length >= (options.expectedRequests ?? 0);
    if (inQueue === 0 && open === 0 && enough) {
      options.say(`drained: queue empty, all ${requests.length} requests final`);
      return { finalAt: Date.now(), statusCounts };
    }
    if (Date.now() - lastReport > 5_000) {
      options.say(`draining: ${inQueue} message(s) in the main queue, ${open} request(s) not final`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, inQueue > 100 ? 2_000 : 500));
  }
  options.say(`not drained after ${Math.round(options.timeoutMs / 1000)} s`);
  return { finalAt: undefined, statusCounts };
}
