/**
 * A local express server with ingest's two load routes and controlled latency, for the driver's
 * tests and bench: the same token always gets the same requestId (like ingest's idempotency),
 * and it counts what it received so tests can compare both sides.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface TestServerBehaviour {
  loginLatencyMs: number;
  participateLatencyMs: number;
  /** Status of every login (200 gives a token). */
  loginStatus: number;
  /** Status of every participation (202 gives a requestId). */
  participateStatus: number;
  /** Participations are never answered (the client's timeout must end them). */
  participateHangs: boolean;
}

export interface TestServer {
  readonly url: string;
  readonly behaviour: TestServerBehaviour;
  readonly counts: { logins: number; participations: number; connections: number };
  close(): Promise<void>;
}

export async function startTestServer(behaviour: Partial<TestServerBehaviour> = {}): Promise<TestServer> {
  const settings: TestServerBehaviour = {
    loginLatencyMs: 0,
    participateLatencyMs: 0,
    loginStatus: 200,
    participateStatus: 202,
    participateHangs: false,
    ...behaviour,
  };
  const counts = { logins: 0, participations: 0, connections: 0 };
  const app = express();
  app.use(express.json());
  const later = (ms: number, answer: () => void) => (ms > 0 ? setTimeout(answer, ms) : answer());
  app.post('/auth/login', (req, res) => {
    counts.logins++;
    const userId = String((req.body as { userId?: unknown }).userId ?? '');
    later(settings.loginLatencyMs, () => {
      if (settings.loginStatus !== 200) res.status(settings.loginStatus).json({ error: 'refused' });
      else res.json({ accessToken: `token-${userId}`, expiresIn: 3600 });
    });
  });
  app.post('/events/:eventId/participations', (req, res) => {
    counts.participations++;
    if (settings.participateHangs) return;
    const token = req.headers.authorization ?? '';
    const requestId = createHash('sha256')
      .update(`${req.params.eventId}|${token}`)
      .digest('hex')
      .slice(0, 32);
    later(settings.participateLatencyMs, () => {
      if (settings.participateStatus !== 202) res.status(settings.participateStatus).json({ error: 'busy' });
      else res.status(202).json({ requestId });
    });
  });
  app.get('/hello', (_req, res) => {
    res.type('text/plain').send('hello');
  });
  const server: Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', () => counts.connections++);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    behaviour: settings,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
