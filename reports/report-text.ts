/** The fixed words of a report in each language. Run-specific text comes from the builders. */
import type { Validity } from '../invariants/verdict';
import type { ReportLang } from './report-document';

interface Words {
  readonly verdict: Readonly<Record<'true' | 'false' | 'unknown', string>>;
  readonly started: string;
  readonly finished: string;
  readonly took: string;
  readonly overall: string;
  readonly htmlReport: string;
  readonly invariants: string;
  readonly noVerdicts: string;
  readonly verdictHeader: readonly [string, string, string, string];
  readonly criteriaHeader: readonly [string, string, string];
  readonly charts: string;
  readonly logs: string;
  readonly parameters: string;
  readonly parameterHeader: readonly [string, string];
  readonly environment: string;
  readonly environmentHeader: readonly [string, string];
  readonly reproduce: string;
  readonly seed: string;
  readonly noSeed: string;
  readonly command: string;
}

export const WORDS: Readonly<Record<ReportLang, Words>> = {
  en: {
    verdict: { true: 'PASS', false: 'FAIL', unknown: 'UNKNOWN' },
    started: 'Started',
    finished: 'finished',
    took: 'took',
    overall: 'overall',
    htmlReport: 'HTML report (one file, charts inline, opens offline)',
    invariants: 'Invariants',
    noVerdicts: 'Nothing was checked.',
    verdictHeader: ['Id', 'Check', 'Verdict', 'Summary'],
    criteriaHeader: ['', 'Criterion', 'Evidence'],
    charts: 'Charts',
    logs: 'Logs',
    parameters: 'Parameters',
    parameterHeader: ['Parameter', 'Value'],
    environment: 'Environment',
    environmentHeader: ['Component', 'Version'],
    reproduce: 'Reproduce',
    seed: 'Seed',
    noSeed: 'none (the run is not seeded)',
    command: 'Command',
  },
  ko: {
    verdict: { true: '통과', false: '실패', unknown: '판정 불가' },
    started: '시작',
    finished: '종료',
    took: '소요',
    overall: '종합',
    htmlReport: 'HTML 보고서 (한 파일, 차트 포함, 오프라인으로 열림)',
    invariants: '불변식',
    noVerdicts: '검사한 항목이 없습니다.',
    verdictHeader: ['Id', '검사', '판정', '요약'],
    criteriaHeader: ['', '기준', '증거'],
    charts: '차트',
    logs: '로그',
    parameters: '파라미터',
    parameterHeader: ['파라미터', '값'],
    environment: '환경',
    environmentHeader: ['구성 요소', '버전'],
    reproduce: '재현',
    seed: '시드',
    noSeed: '없음 (시드 없는 실행)',
    command: '명령',
  },
};

export function verdictWord(valid: Validity, lang: ReportLang = 'en'): string {
  return WORDS[lang].verdict[String(valid) as 'true' | 'false' | 'unknown'];
}

/**
 * A tick or a cross a reader sees before reading the words: ✔ / ✘ / ?, which every common font
 * has (DejaVu included), unlike the emoji forms that print as boxes without an emoji font.
 */
export function verdictMark(valid: Validity): string {
  return valid === true ? '✔' : valid === false ? '✘' : '?';
}
