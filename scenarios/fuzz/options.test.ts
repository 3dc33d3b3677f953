import { describe, expect, it } from 'vitest';
import { parseFuzzOptions } from './options';

describe('parseFuzzOptions', () => {
  it('runs the benchmark-sized profile by default with a fresh seed', () => {
    expect(parseFuzzOptions([], {}, () => 7)).toEqual({
      PROFILE: 'full',
      RUNS: 10_000,
      SEED: 7,
      CONCURRENCY: 16,
      LOG_LEVEL: 'error',
    });
  });

  it('takes the seed and the size from the environment, and the profile from a flag', () => {
    const options = parseFuzzOptions(['--profile', 'ci'], { FUZZ_SEED: '42', FUZZ_RUNS: '' }, () => 7);

    expect(options).toMatchObject({ PROFILE: 'ci', RUNS: 600, SEED: 42 });
  });

  it('lists every invalid parameter at once', () => {
    expect(() => parseFuzzOptions([], { FUZZ_RUNS: '0', FUZZ_SEED: 'x' })).toThrow(
      /FUZZ_RUNS: .*\n.*FUZZ_SEED: /s,
    );
  });
});
