/**
 * The report document of a run kind that judges its own checks (gate, fuzz, chaos; G0 and G1 go
 * through toRunDocument): the facts every run records, laid out in one order, and the one
 * headline rule, `PASS — what held` or the verdict word and what did not.
 */
import type { Validity } from '../invariants/verdict';
import type { ReportDocument, ReportLang, RunKind } from './report-document';
import { verdictWord } from './report-text';

/** What a run knows about itself, whatever it ran. */
export interface RunFacts {
  readonly runId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly command: string;
  readonly parameters?: Readonly<Record<string, string | number>>;
  readonly environment: Readonly<Record<string, string>>;
  /** The seed that replays the run, for a run that draws at random. */
  readonly seed?: number;
  readonly lang?: ReportLang;
}

export interface RunKindDocumentInput
  extends Pick<ReportDocument, 'verdicts' | 'charts' | 'sections'>,
    Required<Pick<ReportDocument, 'verdictsTitle'>> {
  readonly kind: RunKind;
  readonly title: string;
  readonly run: RunFacts;
  readonly valid: Validity;
  /** The headline's sentence after the verdict word, for a pass and for anything else. */
  readonly headline: { readonly pass: string; readonly otherwise: string };
}

export function buildRunKindDocument(input: RunKindDocumentInput): ReportDocument {
  const { run, valid } = input;
  return {
    kind: input.kind,
    runId: run.runId,
    title: input.title,
    lang: run.lang ?? 'en',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    valid,
    headline:
      valid === true
        ? `PASS — ${input.headline.pass}`
        : `${verdictWord(valid)} — ${input.headline.otherwise}`,
    verdictsTitle: input.verdictsTitle,
    verdicts: input.verdicts,
    charts: input.charts,
    sections: input.sections,
    parameters: run.parameters ?? {},
    environment: run.environment,
    command: run.command,
    ...(run.seed !== undefined ? { seed: run.seed } : {}),
  };
}
