/**
 * The Docker path: where a container engine answers, @testcontainers/localstack starts the
 * pinned official image instead of the host install. Where none answers, `startLocalStackContainer`
 * answers a `skipped` result with one line saying why, never an exception deep in a socket.
 */
import { LocalstackContainer } from '@testcontainers/localstack';
import { getContainerRuntimeClient } from 'testcontainers';
import type { StartedLocalStack } from './localstack-host';
import { LOCALSTACK_IMAGE, LOCALSTACK_SERVICES } from './versions';

export type DockerAvailability =
  | { readonly available: true; readonly host: string }
  | { readonly available: false; readonly reason: string };

export async function probeDocker(): Promise<DockerAvailability> {
  try {
    const client = await getContainerRuntimeClient();
    return { available: true, host: client.info.containerRuntime.host };
  } catch (err) {
    return { available: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

export type LocalStackContainerResult =
  | { readonly started: true; readonly localstack: StartedLocalStack }
  | { readonly started: false; readonly skipped: string };

export async function startLocalStackContainer({
  image = LOCALSTACK_IMAGE,
  services = LOCALSTACK_SERVICES as readonly string[],
} = {}): Promise<LocalStackContainerResult> {
  const docker = await probeDocker();
  if (!docker.available) {
    return {
      started: false,
      skipped: `LocalStack in Docker (${image}): skipped, no Docker engine answers (${docker.reason})`,
    };
  }
  const container = await new LocalstackContainer(image)
    .withEnvironment({ SERVICES: services.join(','), DISABLE_EVENTS: '1', SQS_ENDPOINT_STRATEGY: 'path' })
    .start();
  const endpoint = container.getConnectionUri();
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= container.stop().then(() => {});
    return stopped;
  };
  return {
    started: true,
    localstack: {
      kind: 'started-localstack',
      runtime: 'docker',
      endpoint,
      version: image.split(':')[1] ?? 'unknown',
      stop,
      [Symbol.asyncDispose]: stop,
    },
  };
}
