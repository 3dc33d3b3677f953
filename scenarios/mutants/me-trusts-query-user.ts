/**
 * Mutant: GET /me/participations takes the userId from the query string when one is given,
 * instead of from the token only. Put in front of the reference routes through the ingest's
 * decorateApp seam; everything else is the reference app.
 *
 *   GET /me/participations?userId=user-1   with user-2's token   -> user-1's requests
 *
 * Scenario: two users participate and a worker drains; each lists their own participations, and
 * each asks for the other's with ?userId=. Expected: I13 (a user sees another's requests).
 */
import express, { type Express } from 'express';
import type { AwsClients } from '../../services/aws/clients';
import { isVisibleToOwnerList } from '../../services/common';
import type { IngestAppDeps } from '../../services/ingest/app';
import { identityOf, requireIdentity } from '../../services/ingest/http/authenticate';
import { errorResponder } from '../../services/ingest/http/error-responses';
import { MyParticipationsQuerySchema, parseInput } from '../../services/ingest/http/inputs';
import { requestView } from '../../services/ingest/http/views';
import type { IngestOverrides } from '../../services/ingest/server';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';

export function queryUserListingApp(app: Express, deps: IngestAppDeps): Express {
  const front = express();
  front.disable('x-powered-by');
  front.get('/me/participations', requireIdentity(deps.tokens), async (req, res) => {
    const { limit } = parseInput(MyParticipationsQuerySchema, req.query, 'query');
    const userId = typeof req.query.userId === 'string' ? req.query.userId : identityOf(req).userId;
    const items = await deps.store.listByUser(userId, limit);
    res.json({ items: items.filter((item) => isVisibleToOwnerList(item.status)).map(requestView) });
  });
  front.use(app);
  front.use(errorResponder);
  return front;
}

export function meTrustsQueryUserIngest(_clients: AwsClients, _tableName: string): IngestOverrides {
  return { decorateApp: queryUserListingApp };
}

export const meTrustsQueryUser: MutantDefinition = {
  name: 'me-trusts-query-user',
  kind: 'ingest',
  description:
    '/me/participations trusts a userId from the query string: a user lists another user’s requests',
  expectedViolation: 'I13',
  scenario: stageScenario({ capacity: 5 }, async (stage, variant) => {
    await stage.startIngest(
      variant === 'mutant' ? meTrustsQueryUserIngest(stage.clients, stage.tableName) : {},
    );
    stage.startWorker();
    await Promise.all([stage.participate('user-1'), stage.participate('user-2')]);
  }),
};
