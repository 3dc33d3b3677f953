/**
 * Puts real DynamoDB and SQS calls under a fast-check scheduler, so that a property can try the
 * interleavings of concurrent actors (workers, ingest calls, the sweep) against the real emulators.
 *
 * Every call first waits at a gate (`s.schedule`), and `runActors` releases one gate at a time,
 * only once every unfinished actor is parked at its next gate:
 *
 *   actor A  --gate--[Get]--gate----------------------[TransactWrite]--done
 *   actor B  --gate-----------[Get]--gate--[TransactWrite]--------------done
 *             ^ the scheduler picks who goes next; nothing else runs meanwhile
 *
 * So each call reaches the emulator alone, and the order is exactly the scheduler's choice:
 * the interleaving (printed by `formatSchedule`) replays with fast-check's seed and path.
 */
import type fc from 'fast-check';
import type { AwsClients } from '../../services/aws/clients';

/** Waits at a gate of the scheduler; the label names the actor and the call in the report. */
export function gate(s: fc.Scheduler, label: string): Promise<void> {
  return s.schedule(Promise.resolve(), label);
}

/** The clients of one actor: each DynamoDB document call waits at a gate first. */
export function scheduledClients(s: fc.Scheduler, clients: AwsClients, actor: string): AwsClients {
  const documents = new Proxy(clients.documents, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: unknown }, ...rest: unknown[]) => {
        await gate(s, `${actor}: ${describeCommand(command)}`);
        return (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      };
    },
  });
  return { ...clients, documents };
}

/** A short, stable label: the command and the keys and status changes it touches. */
function describeCommand(command: { constructor: { name: string }; input: unknown }): string {
  const name = command.constructor.name.replace(/Command$/, '');
  const input = command.input as {
    Key?: { PK?: string };
    TransactItems?: {
      Put?: { Item?: { PK?: string; SK?: string } };
      Update?: { Key?: { PK?: string }; ExpressionAttributeValues?: Record<string, unknown> };
    }[];
  };
  if (input.Key?.PK) return `${name} ${short(input.Key.PK)}`;
  if (input.TransactItems) {
    const parts = input.TransactItems.map((entry) => {
      if (entry.Update) {
        const values = entry.Update.ExpressionAttributeValues ?? {};
        const seen = values[':seenAttempt'] === undefined ? '' : ` attempt=${values[':seenAttempt']}`;
        const change = values[':to'] ? ` ${values[':from']}->${values[':to']}${seen}` : '';
        return `Update ${short(entry.Update.Key?.PK ?? '?')}${change}`;
      }
      const sk = entry.Put?.Item?.SK ?? '';
      return `Put ${short(entry.Put?.Item?.PK ?? '?')}${sk.startsWith('LOG#') ? ` ${sk.split('#')[2]}` : ''}`;
    });
    return `${name} [${parts.join(', ')}]`;
  }
  return name;
}

/** REQ#<uuid> is long; its first 8 characters tell requests apart in a report. */
function short(pk: string): string {
  return pk.replace(/^(REQ#[0-9a-f]{8})[0-9a-f-]{28}$/, '$1');
}

export type ActorResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Starts every actor and releases the scheduler's gates one at a time, each only once all
 * unfinished actors wait at a gate (an actor never has two gates open: its calls are sequential).
 * Calls an actor makes before its first gate run unscheduled: keep them to reads that race with
 * nothing.
 * Resolves with each actor's result, in the order given.
 */
export async function runActors<T>(
  s: fc.Scheduler,
  actors: readonly (() => Promise<T>)[],
  { stallMs = 20_000 } = {},
): Promise<ActorResult<T>[]> {
  let running = 0;
  const results: Promise<ActorResult<T>>[] = [];
  // An actor between two gates is talking to an emulator: wait until it parks or finishes.
  const settle = async () => {
    const deadline = Date.now() + stallMs;
    while (running > 0 && s.count() < running) {
      if (Date.now() > deadline) {
        throw new Error(`actors stalled: ${running} running, ${s.count()} parked\n${formatSchedule(s)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  // One at a time, so that task ids (and with them seed, path and schedulerFor) replay exactly.
  for (const actor of actors) {
    running++;
    results.push(
      actor()
        .then((value): ActorResult<T> => ({ ok: true, value }))
        .catch((error: unknown): ActorResult<T> => ({ ok: false, error }))
        .finally(() => {
          running--;
        }),
    );
    await settle();
  }
  const released = () => s.report().filter((task) => task.status !== 'pending').length;
  while (running > 0) {
    const before = released();
    await s.waitNext(1);
    // waitNext swallows a task selector's error (a schedulerFor ordering that does not fit this
    // run) and releases nothing: without this check the loop would spin forever.
    if (released() === before) {
      throw new Error(`the scheduler released no task; ${running} actor(s) left\n${formatSchedule(s)}`);
    }
    await settle();
  }
  return Promise.all(results);
}

/** The released gates in the order the scheduler chose them: the interleaving to read or replay. */
export function formatSchedule(s: fc.Scheduler): string {
  return s
    .report()
    .map((task) => `  ${String(task.taskId).padStart(3)} ${task.status.padEnd(8)} ${task.label}`)
    .join('\n');
}

/** Runs the checks of one property run; a failure carries the interleaving that led to it. */
export async function withScheduleOnFailure<T>(s: fc.Scheduler, checks: () => Promise<T>): Promise<T> {
  try {
    return await checks();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `${message}\n-- interleaving (scheduler report, in release order) --\n${formatSchedule(s)}`,
      {
        cause: err,
      },
    );
  }
}
