/**
 * The one option parser of the runners: `--profile full|ci` and `--system path/to/system.json` on
 * the command line (node:util.parseArgs, unknown flags refused), every knob from the environment
 * (empty means unset: make exports unset variables as empty), validated by the runner's zod schema
 * with every problem listed. Precedence: flags, then the environment, then the profile, then the
 * runner's defaults.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';

export const PROFILE_NAMES = ['full', 'ci'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface RunOptionsSpec<Schema extends z.ZodObject> {
  /** The runner's name, for the messages. */
  readonly runner: string;
  readonly schema: Schema;
  /** The profile's values per name; `--profile` or `<profileVariable>` picks one (default full). */
  readonly profiles?: Record<ProfileName, Record<string, unknown>>;
  readonly profileVariable?: string;
  /** Values below the profile's (the runbook's own defaults). */
  readonly defaults?: Record<string, unknown>;
  /** Knob NAME is read from `${envPrefix}NAME` (the fuzz's FUZZ_ variables). */
  readonly envPrefix?: string;
}

export function parseRunOptions<Schema extends z.ZodObject>(
  spec: RunOptionsSpec<Schema>,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): z.infer<Schema> {
  let flags: { profile?: string; system?: string };
  try {
    ({ values: flags } = parseArgs({
      args: [...argv],
      options: { profile: { type: 'string' }, system: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new Error(`${spec.runner}: ${(err as Error).message} (flags: --profile full|ci, --system FILE)`);
  }
  const prefix = spec.envPrefix ?? '';
  const keys = Object.keys(spec.schema.shape);
  const given = Object.fromEntries(
    keys.flatMap((key) => {
      const value = env[`${prefix}${key}`];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const profile = flags.profile || (spec.profileVariable ? env[spec.profileVariable] : undefined) || 'full';
  if (spec.profiles && !(PROFILE_NAMES as readonly string[]).includes(profile))
    throw new Error(`${spec.runner}: unknown profile ${profile} (full or ci)`);
  const result = spec.schema.safeParse({
    ...spec.defaults,
    ...(spec.profiles ? spec.profiles[profile as ProfileName] : {}),
    ...given,
    ...(flags.system ? { SYSTEM: flags.system } : {}),
    ...(spec.profiles ? { PROFILE: profile } : {}),
  });
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${prefix}${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`${spec.runner}: invalid parameters\n${problems.join('\n')}`);
  }
  return result.data;
}
