/**
 * The run's thresholds, judged by the harness on participations only (a login is a means, not
 * what the runbook measures): failed participations below 1%, checks above 99%. Pure.
 */
export interface Threshold {
  readonly name: string;
  readonly rule: string;
  readonly value: number;
  readonly passed: boolean;
}

export const MAX_FAILED_RATE = 0.01;
export const MIN_CHECKS_RATE = 0.99;

export function judgeThresholds(summary: {
  failedRate: number;
  checksRate: number;
  iterations: number;
}): Threshold[] {
  // No participation at all is not a pass: the rates of nothing are not below anything.
  const any = summary.iterations > 0;
  return [
    {
      name: 'participations failed',
      rule: `rate<${MAX_FAILED_RATE}`,
      value: summary.failedRate,
      passed: any && summary.failedRate < MAX_FAILED_RATE,
    },
    {
      name: 'checks',
      rule: `rate>${MIN_CHECKS_RATE}`,
      value: summary.checksRate,
      passed: any && summary.checksRate > MIN_CHECKS_RATE,
    },
  ];
}
