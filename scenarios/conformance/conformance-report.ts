/**
 * The conformance run's report document: one row per check (the G0 shape, the chaos scenarios,
 * G1) and the surfaces the system declared, laid out like every other run kind's.
 */
import type { Validity, Verdict } from '../../invariants/verdict';
import type { ReportDocument } from '../../reports/report-document';
import { buildRunKindDocument, type RunFacts } from '../../reports/run-kind-document';
import type { SystemSurfaces } from '../system/system-under-test';

export interface ConformanceReportInput extends RunFacts {
  /** The system file's name. */
  readonly systemName: string;
  readonly verdicts: readonly Verdict[];
  readonly valid: Validity;
  /** Which public surfaces the system file declared. */
  readonly surfaces: SystemSurfaces;
}

export function buildConformanceReport(input: ConformanceReportInput): ReportDocument {
  const { systemName, valid } = input;
  return buildRunKindDocument({
    kind: 'conformance',
    title: `Conformance of ${systemName}`,
    run: input,
    valid,
    headline: {
      pass: `${systemName} kept every invariant the harness could judge through its public surfaces`,
      otherwise:
        valid === false
          ? `${systemName} broke an invariant; the table quotes the counterexample`
          : `some checks could not be decided on ${systemName}; the table says why`,
    },
    verdictsTitle: 'Checks',
    verdicts: [...input.verdicts],
    charts: [],
    sections: [
      {
        title: 'Surfaces',
        markdown: Object.entries(input.surfaces)
          .map(
            ([surface, present]) =>
              `- ${surface}: ${present ? 'yes' : 'no (the checks that need it are unknown)'}`,
          )
          .join('\n'),
      },
    ],
  });
}
