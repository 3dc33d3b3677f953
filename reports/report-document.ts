/**
 * The one report model every run kind fills (G0, G1, chaos, gate, fuzz, conformance): a
 * headline, the acceptance criteria when the runbook has them, the verdict table, charts,
 * sections of the run kind's own, parameters, environment and the command that reproduces the
 * run. report.md and report.html are both rendered from it, so they never disagree.
 */
import type { Validity, Verdict } from '../invariants/verdict';
import type { ReportChart } from './charts/render';

export type RunKind = 'g0' | 'g1' | 'chaos' | 'gate' | 'fuzz' | 'conformance';
export type ReportLang = 'en' | 'ko';

/** One acceptance criterion of a runbook, met or not, with the line of evidence that decides it. */
export interface Criterion {
  readonly label: string;
  readonly met: Validity;
  readonly evidence: string;
}

export interface CriteriaBlock {
  readonly title: string;
  readonly rows: readonly Criterion[];
  /** The one-line conclusion the runbook asks for, or why it cannot be drawn. */
  readonly conclusion: string;
}

/**
 * A section of the run kind's own. Markdown, GitHub-flavoured; the HTML report renders the same
 * text. `charts` names charts of the document to show right after the text.
 */
export interface DocumentSection {
  readonly title: string;
  readonly markdown: string;
  readonly charts?: readonly string[];
}

/** In order; an `early` section comes before the charts (quick causes of a failure). */
export type PlacedSection = DocumentSection & { readonly early?: boolean };

/** A file of the run folder worth opening first (a log), relative to the report. */
export interface FileLink {
  readonly label: string;
  readonly file: string;
}

export interface ReportDocument {
  readonly kind: RunKind;
  readonly runId: string;
  readonly title: string;
  readonly lang: ReportLang;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly valid: Validity;
  /** Plain text: the verdict word and the sentence after it. */
  readonly headline: string;
  readonly criteria?: CriteriaBlock;
  /** Heading of the verdict table: 'Invariants' by default, 'Criteria' for the gate. */
  readonly verdictsTitle?: string;
  readonly verdicts: readonly Verdict[];
  readonly charts: readonly ReportChart[];
  readonly sections: readonly PlacedSection[];
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly command: string;
  readonly seed?: number | string;
  readonly logs?: readonly FileLink[];
}

/** REPORT_LANG=ko gives the Korean report (the seed team presents in Korean); anything else English. */
export function reportLangFrom(env: Readonly<Record<string, string | undefined>>): ReportLang {
  return env.REPORT_LANG?.trim().toLowerCase() === 'ko' ? 'ko' : 'en';
}
