/**
 * The gate's HTTP API, built from injected dependencies (same bearer tokens as ingest):
 *
 *   POST   /gate/events/:eventId/join    202 {waitingToken, position} | 200 same token, duplicate: true
 *   GET    /gate/events/:eventId/status  200 {state, position, waiting, etaSeconds} | {state: admitted, ticket}
 *   POST   /gate/events/:eventId/enter   200 {ticket, admissionTicket} | 425 not yet {position} | 429 Retry-After
 *   DELETE /gate/events/:eventId/queue   204
 *
 * status, enter and leave need the waiting token in `X-Waiting-Token`. When the gate is off for a
 * user (flag or rollout percentage), join answers 200 {gate: 'bypass'}: go straight to ingest.
 * `admissionTicket` is what ingest asks for (X-Admission-Ticket) where the gate is on: the hand-off.
 */
import express, { type ErrorRequestHandler, type Request } from 'express';
import { AuthenticationRequiredError, DomainError, InvalidInputError } from '../../services/common';
import { type GateFlags, isGateOnFor } from '../../services/common/gate-flags';
import type { AdmissionTickets } from '../../services/ingest/admission-ticket';
import { identityOf, requireIdentity } from '../../services/ingest/http/authenticate';
import type { TokenVerifier } from '../../services/ingest/tokens';
import { GateKeyPartInvalidError } from '../keys';
import { JoinOutcome, type WaitingRoom } from '../waiting-room';

export interface GateAppDeps {
  readonly room: WaitingRoom;
  readonly verifier: TokenVerifier;
  readonly flags: GateFlags;
  /** Signs the admission ticket ingest checks; shares ADMISSION_SECRET with ingest. */
  readonly admission: AdmissionTickets;
}

const WAITING_TOKEN_HEADER = 'x-waiting-token';

export function buildGateApp(deps: GateAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const router = express.Router({ mergeParams: true });
  router.use(requireIdentity(deps.verifier));

  router.post('/join', async (req, res) => {
    const { userId } = identityOf(req);
    const eventId = eventIdOf(req);
    if (!isGateOnFor(deps.flags, userId)) {
      res.status(200).json({ gate: 'bypass' });
      return;
    }
    const joined = await deps.room.join(eventId, userId);
    const created = joined.outcome === JoinOutcome.Created;
    res.status(created ? 202 : 200).json({
      waitingToken: joined.waitingToken,
      position: joined.position ?? null,
      duplicate: !created,
    });
  });

  router.get('/status', async (req, res) => {
    const status = await deps.room.status(eventIdOf(req), identityOf(req).userId, waitingTokenOf(req));
    if (status.state === 'unknown') res.status(404).json({ code: 'NOT_WAITING' });
    else if (status.state === 'token_mismatch') res.status(403).json({ code: 'WAITING_TOKEN_MISMATCH' });
    else res.status(200).json(status);
  });

  router.post('/enter', async (req, res) => {
    const entered = await deps.room.enter(eventIdOf(req), identityOf(req).userId, waitingTokenOf(req));
    switch (entered.state) {
      case 'admitted':
        res.status(200).json({
          state: 'admitted',
          ticket: entered.ticket,
          admissionTicket: await deps.admission.issue(identityOf(req).userId, eventIdOf(req)),
        });
        return;
      case 'not_yet':
        res.status(425).json({ code: 'NOT_YET', position: entered.position });
        return;
      case 'rate_limited':
        res
          .status(429)
          .set('retry-after', String(Math.max(1, Math.ceil(entered.retryAfterMs / 1000))))
          .json({ code: 'RATE_LIMITED', retryAfterMs: entered.retryAfterMs });
        return;
      case 'token_mismatch':
        res.status(403).json({ code: 'WAITING_TOKEN_MISMATCH' });
        return;
      default:
        res.status(404).json({ code: 'NOT_WAITING' });
    }
  });

  router.delete('/queue', async (req, res) => {
    const left = await deps.room.leave(eventIdOf(req), identityOf(req).userId, waitingTokenOf(req));
    if (left === 'token_mismatch') res.status(403).json({ code: 'WAITING_TOKEN_MISMATCH' });
    else res.status(204).end();
  });

  app.use('/gate/events/:eventId', router);
  app.use(gateErrors);
  return app;
}

function eventIdOf(req: Request): string {
  const eventId = req.params.eventId;
  if (typeof eventId !== 'string') throw new InvalidInputError('eventId is missing');
  return eventId;
}

function waitingTokenOf(req: Request): string {
  const token = req.get(WAITING_TOKEN_HEADER);
  if (!token) throw new InvalidInputError(`send the waiting token in ${WAITING_TOKEN_HEADER}`);
  return token;
}

const gateErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof AuthenticationRequiredError) {
    res.status(401).json({ code: err.code, message: err.message });
  } else if (err instanceof InvalidInputError || err instanceof GateKeyPartInvalidError) {
    res.status(400).json({ code: err.code, message: err.message });
  } else if (err instanceof DomainError) {
    res.status(422).json({ code: err.code, message: err.message });
  } else {
    res.status(503).json({ code: 'GATE_UNAVAILABLE', message: 'the waiting room is unavailable' });
  }
};
