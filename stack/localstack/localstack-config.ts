/**
 * The configured (not yet started) LocalStack: a pure description of the command and the
 * environment that keep it on loopback and inside the run folder. `startLocalStackHost` turns it
 * into a StartedLocalStack; the two are different types so an unstarted one has no endpoint.
 *
 * Why each setting (measured, see ../shared/targets.md):
 *   OVERRIDE_IN_DOCKER=0   otherwise it believes it is in a container and writes to /var/lib
 *   DNS_ADDRESS=0          otherwise it starts a DNS server on port 53
 *   FILESYSTEM_ROOT        its state, tmp and caches live in the run folder
 *   SQS_ENDPOINT_STRATEGY=path   queue URLs on the gateway's host:port, no *.localhost names
 *   DISABLE_EVENTS=1, SKIP_SSL_CERT_DOWNLOAD=1   nothing leaves the machine
 */
import { join } from 'node:path';
import { LOCALSTACK_SERVICES } from './versions';

export interface LocalStackHostOptions {
  /** Project root: .venv-localstack lives here (scripts/install-localstack.sh). */
  readonly root: string;
  /** Logs and state go here; a run folder keeps them as evidence. */
  readonly runDir: string;
  readonly port: number;
  readonly services?: readonly string[];
  /** Inherited variables (PATH, HOME); never read here, passed in by the caller. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
}

export interface ConfiguredLocalStack {
  readonly kind: 'configured-localstack';
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly endpoint: string;
  readonly services: readonly string[];
  readonly logFile: string;
  readonly stateDir: string;
}

export function configureLocalStackHost(options: LocalStackHostOptions): ConfiguredLocalStack {
  if (!Number.isInteger(options.port) || options.port < 1024 || options.port > 65_535) {
    throw new RangeError(`port must be an integer from 1024 to 65535, got ${options.port}`);
  }
  const services = options.services ?? LOCALSTACK_SERVICES;
  const stateDir = join(options.runDir, 'localstack');
  const address = `127.0.0.1:${options.port}`;
  const inherited = Object.fromEntries(
    Object.entries(options.baseEnv ?? {}).filter(
      // AWS_* of the caller (a real account's keys, endpoints) must not reach the emulator.
      (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('AWS_'),
    ),
  );
  return {
    kind: 'configured-localstack',
    command: join(options.root, '.venv-localstack/bin/python'),
    args: ['-m', 'localstack.runtime.main'],
    cwd: stateDir,
    env: {
      ...inherited,
      GATEWAY_LISTEN: address,
      LOCALSTACK_HOST: address,
      FILESYSTEM_ROOT: join(stateDir, 'fs'),
      TMPDIR: join(stateDir, 'tmp'),
      OVERRIDE_IN_DOCKER: '0',
      DNS_ADDRESS: '0',
      SQS_ENDPOINT_STRATEGY: 'path',
      DISABLE_EVENTS: '1',
      SKIP_SSL_CERT_DOWNLOAD: '1',
      SERVICES: services.join(','),
      EAGER_SERVICE_LOADING: '0',
    },
    port: options.port,
    endpoint: `http://${address}`,
    services,
    logFile: join(options.runDir, 'localstack.log'),
    stateDir,
  };
}
