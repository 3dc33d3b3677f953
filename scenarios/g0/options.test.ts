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

  it('runs the harness load driver by default and takes K6_MODE as the old name of LOAD_MODE', () => {
    expect(parseG0Options([], {})).toMatchObject({
      LOAD_MODE: 'spike',
      LOAD_TOOL: 'driver',
      K6_BINARY: 'k6',
    });
    expect(parseG0Options([], { K6_MODE: 'open' }).LOAD_MODE).toBe('open');
    expect(parseG0Options([], { K6_MODE: 'open', LOAD_MODE: 'storm' }).LOAD_MODE).toBe('storm');
    expect(() => parseG0Options([], { LOAD_MODE: 'flood' })).toThrow(/LOAD_MODE/);
  });

  it('names the k6 binary in the reproduce command when k6 ran the load', () => {
    const options = parseG0Options([], { LOAD_TOOL: 'k6', K6_BINARY: '/opt/k6' });
    expect(reproduceCommand(options)).toContain('LOAD_TOOL=k6 K6_BINARY=/opt/k6');
    expect(reproduceCommand(parseG0Options([], {}))).not.toContain('LOAD_TOOL');
  });

  it('reproduces the run: every parameter is in the command, which parses back to the same options', () => {
    const options = parseG0Options(['--profile', 'ci'], {
      VUS: '7',
      WORKER_CONCURRENCY: '3',
      PROBE_RATE: '9',
    });

    const command = reproduceCommand(options);
    const env = Object.fromEntries(
      command
        .split(' ')
        .filter((part) => part.includes('='))
        .map((part) => part.split('=') as [string, string]),
    );

    expect(parseG0Options([], env)).toEqual(options);
  });
});
