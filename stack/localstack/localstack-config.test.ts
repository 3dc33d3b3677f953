import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureLocalStackHost } from './localstack-config';
import { LOCALSTACK_HOST_RELEASES } from './versions';

describe('configureLocalStackHost', () => {
  it('keeps LocalStack on loopback, inside the run folder, without its DNS server or container mode', () => {
    const configured = configureLocalStackHost({ root: '/p', runDir: '/p/run', port: 4567 });

    expect(configured.command).toBe('/p/.venv-localstack/bin/python');
    expect(configured.args).toEqual(['-m', 'localstack.runtime.main']);
    expect(configured.endpoint).toBe('http://127.0.0.1:4567');
    expect(configured.env).toMatchObject({
      GATEWAY_LISTEN: '127.0.0.1:4567',
      LOCALSTACK_HOST: '127.0.0.1:4567',
      FILESYSTEM_ROOT: '/p/run/localstack/fs',
      OVERRIDE_IN_DOCKER: '0',
      DNS_ADDRESS: '0',
      SQS_ENDPOINT_STRATEGY: 'path',
      DISABLE_EVENTS: '1',
      SKIP_SSL_CERT_DOWNLOAD: '1',
      SERVICES: 'sqs,s3,events,firehose,cloudwatch,cloudformation,iam,sts',
    });
    expect(configured.env.SERVICES).not.toContain('dynamodb');
  });

  it("passes the caller's environment on without its AWS_ variables", () => {
    const configured = configureLocalStackHost({
      root: '/p',
      runDir: '/r',
      port: 4567,
      baseEnv: { PATH: '/bin', AWS_SECRET_ACCESS_KEY: 'real', AWS_ENDPOINT_URL: 'http://x', HOME: undefined },
    });

    expect(configured.env.PATH).toBe('/bin');
    expect(Object.keys(configured.env).filter((key) => key.startsWith('AWS_'))).toEqual([]);
    expect('HOME' in configured.env).toBe(false);
  });

  it('refuses a port it cannot bind as a user', () => {
    expect(() => configureLocalStackHost({ root: '/p', runDir: '/r', port: 53 })).toThrow(
      'port must be an integer from 1024 to 65535, got 53',
    );
  });

  it('pins the same releases and cutoffs as scripts/install-localstack.sh', () => {
    const script = readFileSync(join(import.meta.dirname, '../../scripts/install-localstack.sh'), 'utf8');

    for (const release of LOCALSTACK_HOST_RELEASES) {
      expect(script).toContain(`version=${release.version}; cutoff=${release.uploadedPriorTo}`);
    }
  });
});
