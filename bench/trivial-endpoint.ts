/**
 * The trivial HTTP endpoint of the load-driver bench, run as its own process so it does not
 * share an event loop with the client under test: ingest's two load routes answered at once with
 * fixed bodies (node:http, keep-alive). Prints its port on stdout when it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOGIN = JSON.stringify({ accessToken: 'bench-token', expiresIn: 3600 });
const ACCEPTED = JSON.stringify({ requestId: '0123456789abcdef0123456789abcdef' });

const server = createServer((req, res) => {
  // Drain the request body before answering so the connection stays reusable.
  req.resume();
  req.on('end', () => {
    const login = req.url === '/auth/login';
    res.writeHead(login ? 200 : 202, { 'content-type': 'application/json' });
    res.end(login ? LOGIN : ACCEPTED);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(String((server.address() as AddressInfo).port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
