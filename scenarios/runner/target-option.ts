/**
 * The TARGET knob of the runbooks that start the services themselves (G0, G1). On AWS they do
 * not: the message says what to run instead.
 */
import { z } from 'zod';

/** embedded: ministack, fauxqs, moto; localstack: LocalStack's services with ministack's DynamoDB. */
export const StartedTargetOption = z
  .enum(['embedded', 'localstack', 'aws'])
  .default('embedded')
  .refine((target) => target !== 'aws', {
    message:
      'on AWS the harness does not start the services: deploy with `make deploy TARGET=aws`, run your services, then `make conformance SYSTEM=system.json` (README: Runbook: your AWS account)',
  });
