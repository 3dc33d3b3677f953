/**
 * report.md and report.html from the same document: the order a reviewer asks their questions
 * in (did it pass, the runbook's criteria, which invariant, what to check first, the charts,
 * the rest, how to reproduce), Markdown that keeps its tables whole, HTML that needs nothing
 * from outside.
 */
import { describe, expect, it } from 'vitest';
import type { RenderedChart } from './charts/render';
import { timelineChart } from './charts/timeline-spec';
import { timeFrame } from './charts/windows';
import { renderDocumentHtml } from './document-html';
import { renderDocumentMarkdown } from './document-markdown';
import type { ReportDocument } from './report-document';
import { reportLangFrom } from './report-document';
import { toRunDocument } from './run-document';
import { aRunReport, aSample, aVerdict, T0 } from './test-helpers';

const timeline = timelineChart({
  samples: [aSample(0), aSample(1)],
  frame: timeFrame([T0, T0 + 1000], 400, T0),
});

function g0Document(
  overrides: Parameters<typeof aRunReport>[0] = {},
  lang: 'en' | 'ko' = 'en',
): ReportDocument {
  return toRunDocument({
    report: aRunReport(overrides),
    charts: [timeline],
    lang,
    logFiles: ['ingest.log', 'worker-1.log', 'worker-2.log', 'fauxqs.log'],
    loadSummaries: [{ label: 'spike', text: 'driver spike (closed): 18,000 iterations\n' }],
  });
}

function headings(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('## '));
}

describe('report.md', () => {
  it('opens with the headline, then the runbook criteria, then the invariants, the charts and the rest', () => {
    const md = renderDocumentMarkdown(g0Document());

    expect(md.split('\n', 1)[0]).toBe(
      '**PASS — the spike was absorbed by the queue, not turned into errors: 18,000 requests, 0.00% failed, p95 41.7 ms; queue peaked at 16,600 messages and drained in 38.2 s; 100 SUCCEEDED; 1/1 sample requests final.**',
    );
    expect(headings(md).slice(0, 4)).toEqual([
      '## G0 acceptance (the runbook’s three criteria)',
      '## Invariants',
      '## Charts',
      '## Load',
    ]);
    expect(md).toContain('| ✔ | **1. 202 kept** | 18,000 requests, 0.00% failed (goal &lt; 1%)');
    expect(md).toContain('**Conclusion: the load was absorbed by the queue, not turned into errors.**');
    expect(md).toContain('[HTML report (one file, charts inline, opens offline)](report.html)');
    expect(md).toContain(`![${timeline.title}](timeline.png)`);
    expect(md).toContain('```text\ndriver spike (closed): 18,000 iterations\n```');
    expect(headings(md).at(-1)).toBe('## Reproduce');
  });

  it('brings quick causes and counterexamples of a violated invariant before the charts, with its logs', () => {
    const record = { requestId: 'r-7', statusLog: ['QUEUED', 'PROCESSING', 'QUEUED'] };
    const md = renderDocumentMarkdown(
      g0Document({
        valid: false,
        verdicts: [
          aVerdict(),
          aVerdict({ id: 'I3', title: 'no status reversal', valid: false, counterexamples: [record] }),
        ],
      }),
    );

    expect(md.split('\n', 1)[0]).toBe('**FAIL — 1 invariant(s) violated: I3 no status reversal.**');
    const order = headings(md);
    expect(order.indexOf('## Quick causes')).toBeLessThan(order.indexOf('## Charts'));
    expect(order.indexOf('## Counterexamples')).toBeLessThan(order.indexOf('## Charts'));
    expect(md).toContain('### Invariant `I3`: no status reversal');
    expect(md).toContain(
      'Logs to open first: [worker-1.log](worker-1.log), [worker-2.log](worker-2.log), [ingest.log](ingest.log).',
    );
    expect(md).toContain(`\`\`\`json\n${JSON.stringify(record, null, 2)}\n\`\`\``);
    expect(md).toContain('| `I3` | no status reversal | ✘ FAIL |');
  });

  it('lists the runbook quick causes under a failed step, and gives no advice on variables the harness does not use', () => {
    const md = renderDocumentMarkdown(g0Document({ valid: false, failedSteps: ['http', 'mystery'] }));

    expect(md).toContain('### Step `http`');
    expect(md).toContain('[ingest.log](ingest.log)');
    expect(md).toContain('### Step `mystery`\n\nThe runbook has no quick-cause list for this step.');
    expect(md).not.toContain('ACCESS_TOKEN');
  });

  it('keeps a table row whole when a summary carries pipes and markup', () => {
    const md = renderDocumentMarkdown(g0Document({ verdicts: [aVerdict({ summary: 'a | b <i>\nc' })] }));

    expect(md.split('\n').find((l) => l.startsWith('| `I1`'))).toBe(
      '| `I1` | capacity | ✔ PASS | a \\| b &lt;i&gt; c |',
    );
  });

  it('says UNKNOWN when an invariant could not be decided', () => {
    const md = renderDocumentMarkdown(
      g0Document({ valid: 'unknown', verdicts: [aVerdict({ id: 'I8', valid: 'unknown' })] }),
    );

    expect(md.split('\n', 1)[0]).toBe('**UNKNOWN — 1 invariant(s) could not be decided: I8 capacity.**');
  });

  it('ends with every parameter, the environment, the seed and the command', () => {
    const md = renderDocumentMarkdown(g0Document());

    expect(md).toContain('| vus | `300` |');
    expect(md).toContain('| fauxqs | `2.4.1` |');
    expect(md).toContain('Seed: `42`');
    expect(md.endsWith('```sh\nnpm run scenario -- g0 --seed 42\n```\n')).toBe(true);
  });

  it('is written in Korean with REPORT_LANG=ko', () => {
    const md = renderDocumentMarkdown(g0Document({}, 'ko'));

    expect(md.split('\n', 1)[0]).toMatch(/^\*\*통과 — 부하를 에러가 아니라 큐로 흡수했다: 요청 18,000건/);
    expect(headings(md).slice(0, 2)).toEqual(['## G0 부하테스트 성공 판정 (런북의 3가지 기준)', '## 불변식']);
    expect(md).toContain('**결론: 부하를 에러가 아니라 큐로 흡수했다.**');
    expect(headings(md)).toEqual(expect.arrayContaining(['## 차트', '## 부하', '## 샘플 요청', '## 재현']));
    expect(reportLangFrom({ REPORT_LANG: 'ko' })).toBe('ko');
    expect(reportLangFrom({ REPORT_LANG: 'fr' })).toBe('en');
    expect(reportLangFrom({})).toBe('en');
  });
});

describe('report.html', () => {
  const rendered = new Map<string, RenderedChart>([
    [
      'timeline',
      {
        name: 'timeline',
        title: timeline.title,
        svg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
        png: Buffer.from(''),
        warnings: [],
      },
    ],
  ]);

  it('is one file: charts as data URIs, the style inline, no script, a policy that forbids loading', () => {
    const html = renderDocumentHtml(g0Document(), rendered);

    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;`,
    );
    expect(html).toContain(
      `<figure class="chart" data-chart="timeline"><img alt="${timeline.title}" src="data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}">`,
    );
    expect(html).not.toMatch(/<script|<link|src="http|url\(http/);
    expect(html).toContain('@media print');
    expect(html).toContain('<td><strong>1. 202 kept</strong></td>');
    expect(html).toContain('<a href="ingest.log">');
  });

  it('says on the page when a chart could not be rendered', () => {
    const html = renderDocumentHtml(g0Document(), new Map());

    expect(html).toContain('<figure class="chart chart-missing" data-chart="timeline">');
  });

  it('declares its language and escapes what the run quoted', () => {
    const html = renderDocumentHtml(g0Document({ title: 'G0 <b>run</b>' }, 'ko'), rendered);

    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('<title>G0 &lt;b&gt;run&lt;/b&gt; g0-20261122T021500Z</title>');
    expect(html).not.toContain('<b>run</b>');
  });
});

describe('the run kind', () => {
  it('is read from the run id, and only G0 opens with the runbook criteria', () => {
    const doc = (runId: string, kind?: 'conformance') =>
      toRunDocument({ report: aRunReport({ runId, ...(kind ? { kind } : {}) }), charts: [], lang: 'en' });

    expect(doc('g0-20261122T021500Z').criteria).toBeDefined();
    expect(doc('g1-20261122T021500Z').kind).toBe('g1');
    expect(doc('g1-20261122T021500Z').criteria).toBeUndefined();
    expect(doc('chaos-20261122T021500Z-worker-crash').kind).toBe('chaos');
    expect(doc('conformance-20261122T021500Z').kind).toBe('conformance');
    expect(doc('anything', 'conformance').criteria).toBeUndefined();
  });
});
