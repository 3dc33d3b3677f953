import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mirrorPath } from './s3-mirror';

describe('mirrorPath', () => {
  it('keeps the key layout under the folder', () => {
    expect(mirrorPath('/tmp/mirror', 'events/dt=2026-11-22/hour=02/f-1')).toBe(
      join(resolve('/tmp/mirror'), 'events', 'dt=2026-11-22', 'hour=02', 'f-1'),
    );
  });

  it('refuses keys that would leave the folder or be the folder itself', () => {
    expect(() => mirrorPath('/tmp/mirror', '../etc/passwd')).toThrow(RangeError);
    expect(() => mirrorPath('/tmp/mirror', 'events/../../x')).toThrow(RangeError);
    expect(() => mirrorPath('/tmp/mirror', '')).toThrow(RangeError);
  });
});
