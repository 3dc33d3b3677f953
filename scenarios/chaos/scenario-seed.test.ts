import { describe, expect, it } from 'vitest';
import { scenarioRandom, scenarioSeed } from './scenario-seed';

describe('per-scenario seeds', () => {
  it('replay the same fault decisions for (seed, scenario), whatever ran before', () => {
    const alone = scenarioRandom(1234, 'dynamodb-lost-answers');
    const other = scenarioRandom(1234, 'worker-crash');
    for (let i = 0; i < 50; i++) other();
    const inCatalog = scenarioRandom(1234, 'dynamodb-lost-answers');
    const draws = (random: () => number) => Array.from({ length: 20 }, random);
    expect(draws(inCatalog)).toEqual(draws(alone));
  });

  it('differ between scenarios and between seeds', () => {
    expect(scenarioSeed(1234, 'a')).not.toBe(scenarioSeed(1234, 'b'));
    expect(scenarioSeed(1234, 'a')).not.toBe(scenarioSeed(1235, 'a'));
  });
});
