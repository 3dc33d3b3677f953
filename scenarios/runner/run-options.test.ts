import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRunOptions } from './run-options';

const spec = {
  runner: 'demo',
  schema: z.object({
    PROFILE: z.enum(['full', 'ci']),
    USERS: z.coerce.number().int().min(1),
    LABEL: z.string().default('none'),
    SYSTEM: z.string().optional(),
  }),
  profiles: { full: { USERS: 100 }, ci: { USERS: 10 } },
  profileVariable: 'DEMO_PROFILE',
};

describe('parseRunOptions', () => {
  it('takes flags over the environment over the profile, and empty variables as unset', () => {
    expect(parseRunOptions(spec, [], { USERS: '' })).toEqual({ PROFILE: 'full', USERS: 100, LABEL: 'none' });
    expect(parseRunOptions(spec, [], { DEMO_PROFILE: 'ci' }).USERS).toBe(10);
    expect(parseRunOptions(spec, ['--profile', 'ci'], { DEMO_PROFILE: 'full', USERS: '3' })).toMatchObject({
      PROFILE: 'ci',
      USERS: 3,
    });
    expect(parseRunOptions(spec, ['--system', 'a.json'], { SYSTEM: 'b.json' }).SYSTEM).toBe('a.json');
  });

  it('refuses an unknown flag, an unknown profile, and lists every bad value', () => {
    expect(() => parseRunOptions(spec, ['--users', '3'], {})).toThrow(/demo: .*--users/);
    expect(() => parseRunOptions(spec, ['--profile', 'huge'], {})).toThrow(/unknown profile huge/);
    expect(() => parseRunOptions({ ...spec, envPrefix: 'D_' }, [], { D_USERS: '0', D_LABEL: '' })).toThrow(
      /D_USERS: /,
    );
  });
});
