/**
 * Starts one embedded stack for all integration tests (each test file provisions its own
 * prefixed table and queues on it, so files never see each other's data).
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { AwsTarget } from '../services/aws/aws-target';
import { startEmbeddedStack } from '../stack/embedded/embedded-stack';

declare module 'vitest' {
  export interface ProvidedContext {
    awsTarget: AwsTarget;
  }
}

export default async function setup(project: TestProject) {
  const root = join(import.meta.dirname, '..');
  const stack = await startEmbeddedStack({
    root,
    logDir: join(root, '.stack', 'test'),
    nodeBinary: process.execPath,
    onProgress: (message) => console.log(`[stack] ${message}`),
  });
  project.provide('awsTarget', stack.target);
  return async () => stack.stop();
}
