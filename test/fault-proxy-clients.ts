/**
 * AWS clients whose calls to one service go through the team's fault-injecting proxy
 * (stack/embedded/fault-proxy.ts), in front of the real emulator: for the failure paths the
 * emulators never produce on their own (TransactionConflict, throttling at a chosen moment).
 */
import { inject } from 'vitest';
import { type AwsClients, createAwsClients } from '../services/aws/clients';
import { type Random, type StartedFaultProxy, startFaultProxy } from '../stack/embedded/fault-proxy';

export interface ProxiedClients {
  readonly clients: AwsClients;
  readonly proxy: StartedFaultProxy;
  close(): Promise<void>;
}

export async function proxiedClients(
  service: 'dynamodb' | 'sqs',
  random: Random = Math.random,
): Promise<ProxiedClients> {
  const target = inject('awsTarget');
  const upstream = target.endpoints[service];
  if (!upstream) throw new Error(`the test stack has no ${service} endpoint`);
  const proxy = await startFaultProxy({ target: upstream, random });
  const clients = createAwsClients(
    { ...target, endpoints: { ...target.endpoints, [service]: proxy.url } },
    { maxAttempts: 1 },
  );
  return {
    clients,
    proxy,
    async close() {
      clients.destroy();
      await proxy.stop();
    },
  };
}
