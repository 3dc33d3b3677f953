import { describe, expect, it } from 'vitest';
import { parseG0Options, reproduceCommand } from './options';

describe('G0 options', () => {
  it("uses the runbook's defaults when nothing is given, even with empty variables from make", () => {
    const options = parseG0Options([], { G0_PROFILE: '', VUS: '', DURATION: '' });

    expect(options).toMatchObject({
      PROFILE: 'full',
      VUS: 300,
      DURATION: '60s',
      EVENT_ID: 'EVT-009',
      CAPACITY: 100,
    });
  });

  it('takes the ci profile from the flag and overrides from the environment', () => {
    const options = parseG0Options(['--profile', 'ci'], { VUS: '20', CAPACITY: '7' });

    expect(options).toMatchObject({ PROFILE: 'ci', VUS: 20, DURATION: '10s', CAPACITY: 7 });
    expect(reproduceCommand(options)).toContain('VUS=20');
  });

  it('refuses bad values, naming every problem', () => {
    expect(() => parseG0Options([], { VUS: '0', DURATION: 'soon', EVENT_ID: 'EVT#1' })).toThrow(
      /VUS[\s\S]*DURATION[\s\S]*EVENT_ID/,
    );
    expect(() => parseG0Options(['--profile', 'huge'], {})).toThrow(/unknown profile huge/);
  });
});
