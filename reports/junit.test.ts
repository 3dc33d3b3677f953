import { describe, expect, it } from 'vitest';
import { renderJunitXml } from './junit';
import { aVerdict, xmlProblems } from './test-helpers';

function testcases(xml: string): string[] {
  return xml.split('<testcase ').slice(1);
}

describe('renderJunitXml', () => {
  const verdicts = [
    aVerdict({ id: 'I1', valid: true }),
    aVerdict({ id: 'I3', title: 'no status reversal', valid: false, summary: '1 request went backwards' }),
    aVerdict({ id: 'I6', title: 'delays', valid: 'unknown', summary: 'no analytics data' }),
  ];

  it('writes one testcase per verdict with the suite totals', () => {
    const xml = renderJunitXml('G0 acceptance run', verdicts, 140_000);

    expect(xmlProblems(xml)).toEqual([]);
    expect(testcases(xml)).toHaveLength(3);
    expect(xml).toContain(
      '<testsuite name="G0 acceptance run" tests="3" failures="1" errors="1" skipped="0" time="140.000">',
    );
  });

  it('fails exactly the violated invariant and errors the undecided one', () => {
    const [held, violated, undecided] = testcases(renderJunitXml('suite', verdicts, 1));

    expect(held).not.toMatch(/<failure|<error/);
    expect(violated).toContain('<failure message="1 request went backwards" type="InvariantViolated">');
    expect(violated).not.toContain('<error');
    expect(undecided).toContain('<error message="no analytics data" type="InvariantUndecided">');
    expect(undecided).not.toContain('<failure');
  });

  it('carries the counterexamples as JSON in the failure body', () => {
    const record = { requestId: 'r-1', log: ['PROCESSING', 'QUEUED'] };
    const xml = renderJunitXml('suite', [aVerdict({ valid: false, counterexamples: [record] })], 1);

    const body = xml.split('type="InvariantViolated">')[1]?.split('</failure>')[0] ?? '';
    const json = JSON.parse(
      body.replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&'),
    );
    expect(json.counterexamples).toEqual([record]);
  });

  it('escapes markup in names, summaries and counterexamples', () => {
    const evil = '<script a="b">&</script>';
    const xml = renderJunitXml(
      evil,
      [aVerdict({ title: evil, valid: false, summary: evil, counterexamples: [evil] })],
      1,
    );

    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).not.toContain(evil);
    expect(xml).toContain('&lt;script a=&quot;b&quot;&gt;&amp;&lt;/script&gt;');
  });

  it('drops control characters XML cannot carry, so CI can still parse the file', () => {
    const xml = renderJunitXml('suite', [aVerdict({ valid: false, summary: 'bad\u0000byte\u001b' })], 1);

    expect(xml).toContain('message="badbyte"');
  });
});
