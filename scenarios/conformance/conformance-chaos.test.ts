import { describe, expect, it } from 'vitest';
import { conformanceScenarios } from './conformance-chaos';

describe('conformance chaos scenarios', () => {
  it('runs the CI catalog without the crash points, which need the reference worker', () => {
    const names = conformanceScenarios('ci').map((scenario) => scenario.name);
    expect(names).toContain('duplicate-deliveries');
    expect(names).toContain('process-kills');
    expect(names).not.toContain('worker-crash');
    expect(conformanceScenarios('none')).toEqual([]);
  });

  it('takes names, refusing one the catalog does not have', () => {
    expect(conformanceScenarios('queue-unreachable, worker-crash').map((s) => s.name)).toEqual([
      'worker-crash',
      'queue-unreachable',
    ]);
    expect(() => conformanceScenarios('no-such-fault')).toThrow(/no chaos scenario named no-such-fault/);
  });
});
