import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_STATUSES, FINAL_STATUSES, type Status } from './status';
import { Actor, findIllegalStep, isAllowedTransition } from './transitions';

/**
 * The transition table of spec section 1, written out again here on purpose: the expected answers
 * are computed from this copy, never from TRANSITION_RULES, so a wrong rule in the code shows up.
 */
interface SpecRow {
  readonly from: Status | null;
  readonly to: Status;
  readonly actor: Actor;
}

const SPEC_TABLE: readonly SpecRow[] = [
  { from: null, to: 'RECEIVED', actor: 'INGEST' },
  { from: 'RECEIVED', to: 'QUEUED', actor: 'INGEST' },
  { from: 'RECEIVED', to: 'QUEUED', actor: 'RECOVERY_SWEEP' },
  { from: 'RECEIVED', to: 'FAILED_FINAL', actor: 'RECOVERY_SWEEP' },
  { from: 'QUEUED', to: 'PROCESSING', actor: 'WORKER' },
  { from: 'PROCESSING', to: 'PROCESSING', actor: 'WORKER' },
  { from: 'PROCESSING', to: 'SUCCEEDED', actor: 'WORKER' },
  { from: 'PROCESSING', to: 'REJECTED', actor: 'WORKER' },
  { from: 'PROCESSING', to: 'FAILED_FINAL', actor: 'WORKER' },
  { from: 'QUEUED', to: 'FAILED_FINAL', actor: 'DLQ_HANDLER' },
  { from: 'PROCESSING', to: 'FAILED_FINAL', actor: 'DLQ_HANDLER' },
];

const SPEC_STATUSES: readonly Status[] = [
  'RECEIVED',
  'QUEUED',
  'PROCESSING',
  'SUCCEEDED',
  'REJECTED',
  'FAILED_FINAL',
];
const SPEC_FINALS: readonly Status[] = ['SUCCEEDED', 'REJECTED', 'FAILED_FINAL'];
const SPEC_ACTORS: readonly Actor[] = ['INGEST', 'RECOVERY_SWEEP', 'WORKER', 'DLQ_HANDLER'];
const FROM_STATES: readonly (Status | null)[] = [null, ...SPEC_STATUSES];

function specAllows(from: Status | null, to: Status, actor?: Actor): boolean {
  return SPEC_TABLE.some(
    (row) => row.from === from && row.to === to && (actor === undefined || row.actor === actor),
  );
}

function nextStatusesInSpec(from: Status | null): Status[] {
  return SPEC_STATUSES.filter((to) => specAllows(from, to));
}

const label = (status: Status | null): string => status ?? '(none)';

const ALL_PAIRS = FROM_STATES.flatMap((from) => SPEC_STATUSES.map((to) => ({ from, to })));
const ALLOWED_PAIRS = ALL_PAIRS.filter(({ from, to }) => specAllows(from, to));
const REFUSED_PAIRS = ALL_PAIRS.filter(({ from, to }) => !specAllows(from, to));

describe('the vocabulary the table is written in', () => {
  it('has exactly the six statuses and three final statuses of the spec', () => {
    // Prepare / Act: the module's lists

    // Assess: the enumerations below cover every status, so no pair escapes them
    expect([...ALL_STATUSES].sort()).toEqual([...SPEC_STATUSES].sort());
    expect([...FINAL_STATUSES].sort()).toEqual([...SPEC_FINALS].sort());
  });

  it('has exactly the four actors of the spec', () => {
    expect(Object.values(Actor).sort()).toEqual([...SPEC_ACTORS].sort());
  });

  it('enumerates 42 (from, to) pairs of which 9 are allowed', () => {
    // A guard on the enumeration itself: 7 from-states (null + 6) times 6 to-states.
    expect(ALL_PAIRS).toHaveLength(42);
    expect(ALLOWED_PAIRS).toHaveLength(9);
    expect(REFUSED_PAIRS).toHaveLength(33);
  });
});

describe('isAllowedTransition over the spec table', () => {
  it.each(SPEC_TABLE.map((row) => ({ ...row, name: label(row.from) })))(
    'accepts $name -> $to for $actor',
    ({ from, to, actor }) => {
      // Act
      const forActor = isAllowedTransition(from, to, actor);
      const forAnyone = isAllowedTransition(from, to);

      // Assess
      expect(forActor).toBe(true);
      expect(forAnyone).toBe(true);
    },
  );

  it.each(ALLOWED_PAIRS.map((pair) => ({ ...pair, name: label(pair.from) })))(
    'refuses $name -> $to for every actor the spec does not name',
    ({ from, to }) => {
      // Prepare
      const wrongActors = SPEC_ACTORS.filter((actor) => !specAllows(from, to, actor));

      // Act
      const answers = wrongActors.map((actor) => ({ actor, allowed: isAllowedTransition(from, to, actor) }));

      // Assess: every allowed pair has at least one actor that may not take it
      expect(wrongActors.length).toBeGreaterThan(0);
      expect(answers).toEqual(wrongActors.map((actor) => ({ actor, allowed: false })));
    },
  );

  it.each(REFUSED_PAIRS.map((pair) => ({ ...pair, name: label(pair.from) })))(
    'refuses $name -> $to for anyone and for each actor',
    ({ from, to }) => {
      // Act
      const forAnyone = isAllowedTransition(from, to);
      const perActor = SPEC_ACTORS.map((actor) => isAllowedTransition(from, to, actor));

      // Assess
      expect(forAnyone).toBe(false);
      expect(perActor).toEqual(SPEC_ACTORS.map(() => false));
    },
  );

  it('answers the whole (from, to, actor) matrix exactly as the spec table does', () => {
    // Prepare
    const cells = ALL_PAIRS.flatMap(({ from, to }) =>
      [undefined, ...SPEC_ACTORS].map((actor) => ({ from, to, actor })),
    );

    // Act
    const disagreements = cells.filter(
      ({ from, to, actor }) => isAllowedTransition(from, to, actor) !== specAllows(from, to, actor),
    );

    // Assess
    expect(cells).toHaveLength(42 * 5);
    expect(disagreements).toEqual([]);
  });

  it.each(SPEC_FINALS)('treats %s as absorbing: no way out, not even to itself', (final) => {
    // Act
    const ways = SPEC_STATUSES.flatMap((to) =>
      [undefined, ...SPEC_ACTORS].filter((actor) => isAllowedTransition(final, to, actor)).map(() => to),
    );

    // Assess
    expect(ways).toEqual([]);
  });
});

describe('findIllegalStep', () => {
  it('reports a request taken back to PROCESSING after SUCCEEDED at that step', () => {
    // Prepare
    const path: Status[] = ['RECEIVED', 'QUEUED', 'PROCESSING', 'SUCCEEDED', 'PROCESSING'];

    // Act
    const step = findIllegalStep(path);

    // Assess
    expect(step).toEqual({ index: 4, from: 'SUCCEEDED', to: 'PROCESSING' });
  });

  it('reports a path that does not start with RECEIVED at index 0, from creation', () => {
    const step = findIllegalStep(['QUEUED', 'PROCESSING']);

    expect(step).toEqual({ index: 0, from: null, to: 'QUEUED' });
  });

  it('reports only the first bad step when there are several', () => {
    // Prepare: QUEUED is skipped (index 1) and later SUCCEEDED -> REJECTED (index 3)
    const path: Status[] = ['RECEIVED', 'PROCESSING', 'SUCCEEDED', 'REJECTED'];

    // Act
    const step = findIllegalStep(path);

    // Assess
    expect(step).toEqual({ index: 1, from: 'RECEIVED', to: 'PROCESSING' });
  });

  it.each<{ name: string; path: Status[] }>([
    { name: 'the empty path', path: [] },
    { name: 'a request just received', path: ['RECEIVED'] },
    { name: 'a success', path: ['RECEIVED', 'QUEUED', 'PROCESSING', 'SUCCEEDED'] },
    { name: 'a rejection', path: ['RECEIVED', 'QUEUED', 'PROCESSING', 'REJECTED'] },
    {
      name: 'a takeover by a later attempt',
      path: ['RECEIVED', 'QUEUED', 'PROCESSING', 'PROCESSING', 'SUCCEEDED'],
    },
    { name: 'a sweep that gave up', path: ['RECEIVED', 'FAILED_FINAL'] },
    { name: 'a dead letter before processing', path: ['RECEIVED', 'QUEUED', 'FAILED_FINAL'] },
    { name: 'a dead letter during processing', path: ['RECEIVED', 'QUEUED', 'PROCESSING', 'FAILED_FINAL'] },
  ])('accepts $name', ({ path }) => {
    expect(findIllegalStep(path)).toBeUndefined();
  });
});

/** A random walk through the spec table: each choice picks one of the allowed next statuses. */
const walkArb: fc.Arbitrary<Status[]> = fc.array(fc.nat(), { maxLength: 12 }).map((choices) => {
  const path: Status[] = [];
  let current: Status | null = null;
  for (const choice of choices) {
    const options = nextStatusesInSpec(current);
    if (options.length === 0) break; // final: the walk ends
    const next = options[choice % options.length] as Status;
    path.push(next);
    current = next;
  }
  return path;
});

describe('the transition table as a model (property)', () => {
  it('accepts every random walk that only takes allowed steps', () => {
    fc.assert(
      fc.property(walkArb, (path) => {
        // Act
        const step = findIllegalStep(path);

        // Assess: the whole path, and each step for some actor the spec names
        expect(step).toBeUndefined();
        path.forEach((to, i) => {
          const from = i === 0 ? null : (path[i - 1] as Status);
          const actor = SPEC_TABLE.find((row) => row.from === from && row.to === to)?.actor;
          expect(actor).toBeDefined();
          expect(isAllowedTransition(from, to, actor)).toBe(true);
        });
      }),
    );
  });

  it('reports a disallowed step inserted anywhere in an allowed walk at exactly that index', () => {
    const arb = walkArb.chain((path) =>
      fc.nat({ max: path.length }).chain((index) => {
        const from = index === 0 ? null : (path[index - 1] as Status);
        const disallowed = SPEC_STATUSES.filter((to) => !specAllows(from, to));
        return fc.record({
          path: fc.constant(path),
          index: fc.constant(index),
          from: fc.constant(from),
          bad: fc.constantFrom(...disallowed),
        });
      }),
    );

    fc.assert(
      fc.property(arb, ({ path, index, from, bad }) => {
        // Prepare
        const broken = [...path.slice(0, index), bad, ...path.slice(index)];

        // Act
        const step = findIllegalStep(broken);

        // Assess
        expect(step).toEqual({ index, from, to: bad });
      }),
    );
  });
});

/* Model-based commands: the model is the status the spec says the request is in. */
interface WalkModel {
  current: Status | null;
}
interface WalkReal {
  readonly path: Status[];
}

/** One allowed row of the table, taken by its actor. */
class TakeAllowedStep implements fc.Command<WalkModel, WalkReal> {
  constructor(readonly row: SpecRow) {}
  check(model: Readonly<WalkModel>): boolean {
    return model.current === this.row.from;
  }
  run(model: WalkModel, real: WalkReal): void {
    expect(isAllowedTransition(model.current, this.row.to, this.row.actor)).toBe(true);
    real.path.push(this.row.to);
    model.current = this.row.to;
    expect(findIllegalStep(real.path)).toBeUndefined();
  }
  toString(): string {
    return `${label(this.row.from)}->${this.row.to} by ${this.row.actor}`;
  }
}

/** A step the spec does not allow for this actor from here: refused, and the state stays. */
class TryRefusedStep implements fc.Command<WalkModel, WalkReal> {
  constructor(
    readonly to: Status,
    readonly actor: Actor,
  ) {}
  check(model: Readonly<WalkModel>): boolean {
    return !specAllows(model.current, this.to, this.actor);
  }
  run(model: WalkModel, real: WalkReal): void {
    expect(isAllowedTransition(model.current, this.to, this.actor)).toBe(false);
    if (!specAllows(model.current, this.to)) {
      expect(findIllegalStep([...real.path, this.to])).toEqual({
        index: real.path.length,
        from: model.current,
        to: this.to,
      });
    }
  }
  toString(): string {
    return `refused ${this.to} by ${this.actor}`;
  }
}

describe('the transition table against a command model (property)', () => {
  it('agrees with the model on every sequence of allowed and refused steps', () => {
    // Prepare
    const commands = fc.commands(
      [
        fc.constantFrom(...SPEC_TABLE).map((row) => new TakeAllowedStep(row)),
        fc
          .tuple(fc.constantFrom(...SPEC_STATUSES), fc.constantFrom(...SPEC_ACTORS))
          .map(([to, actor]) => new TryRefusedStep(to, actor)),
      ],
      { maxCommands: 30 },
    );

    // Act / Assess: each command checks its own answer against the model
    fc.assert(
      fc.property(commands, (cmds) => {
        fc.modelRun(() => ({ model: { current: null }, real: { path: [] } }), cmds);
      }),
    );
  });
});
