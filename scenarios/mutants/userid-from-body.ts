/**
 * Mutant: the participation route takes the userId from the request body when one is given, the
 * classic "trust the client" bug: anyone can participate (and take a seat) as anyone.
 *
 *   POST /events/E/participations  {"userId":"victim"}  with prober's token  -> recorded for victim
 *
 * Put in front of the reference routes through the ingest's decorateApp seam: it swaps the
 * bearer token for one of the body's user, then hands the request to the reference app.
 * Scenario: two users participate; the stage's identity probe names a victim in the body.
 * Expected: I13 (a participation recorded for the userId in the body).
 */
import express, { type Express } from 'express';
import type { IngestAppDeps } from '../../services/ingest/app';
import type { IngestOverrides } from '../../services/ingest/server';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';

export function bodyUserApp(app: Express, deps: IngestAppDeps): Express {
  const front = express();
  front.disable('x-powered-by');
  front.post('/events/:eventId/participations', express.json(), async (req, _res, next) => {
    const claimed = (req.body as { userId?: unknown } | undefined)?.userId;
    if (typeof claimed === 'string' && claimed.length > 0) {
      const { accessToken } = await deps.tokens.issue({ userId: claimed, role: 'user' });
      req.headers.authorization = `Bearer ${accessToken}`;
    }
    next();
  });
  front.use(app);
  return front;
}

export const userIdFromBodyIngest: IngestOverrides = { decorateApp: bodyUserApp };

export const userIdFromBody: MutantDefinition = {
  name: 'userid-from-body',
  kind: 'ingest',
  description: 'the participation is recorded for a userId taken from the request body',
  expectedViolation: 'I13',
  scenario: stageScenario({ capacity: 5 }, async (stage, variant) => {
    await stage.startIngest(variant === 'mutant' ? userIdFromBodyIngest : {});
    stage.startWorker();
    await Promise.all([stage.participate('user-1'), stage.participate('user-2')]);
  }),
};
