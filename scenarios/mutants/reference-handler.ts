/**
 * A worker mutant that decides like the reference handler and then misreads some of its
 * outcomes: `misread` gets each outcome and returns the one the broken worker acts on.
 */
import { type HandleOutcome, handleMessage } from '../../services/worker/message-handler';
import type { MessageHandler } from '../../services/worker/worker';

export function misreadingHandler(misread: (outcome: HandleOutcome) => HandleOutcome): MessageHandler {
  return async (deps, message) => misread(await handleMessage(deps, message));
}
