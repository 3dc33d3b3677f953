import { describe, expect, it } from 'vitest';
import { QueryParametersMissingError, QueryParameterUnsafeError } from './errors';
import { describeStatement, renderQuery } from './query-template';

const TEMPLATE = `-- Traffic per minute.
-- dt BETWEEN '\${dtFrom}' AND '\${dtTo}' in the comment is not a placeholder to fill.

SELECT count(*) AS n
FROM participation_logs
WHERE dt BETWEEN '\${dtFrom}' AND '\${dtTo}';
`;

describe('renderQuery', () => {
  it('drops the comment block and the final semicolon, and fills the placeholders', () => {
    const sql = renderQuery(TEMPLATE, { dtFrom: '2026-11-22', dtTo: '2026-11-23' });

    expect(sql).toBe(
      "SELECT count(*) AS n\nFROM participation_logs\nWHERE dt BETWEEN '2026-11-22' AND '2026-11-23'",
    );
  });

  it('names every placeholder left without a value', () => {
    const render = () => renderQuery(TEMPLATE, { dtFrom: '2026-11-22' });

    expect(render).toThrow(QueryParametersMissingError);
    expect(render).toThrow(/\$\{dtTo\}/);
  });

  it('ignores parameters the query does not use', () => {
    expect(renderQuery('SELECT 1;', { dtFrom: '2026-11-22' })).toBe('SELECT 1');
  });

  it('refuses a value that could end the string literal it is pasted into', () => {
    expect(() => renderQuery(TEMPLATE, { dtFrom: "2026-11-22' OR '1'='1", dtTo: 'x' })).toThrow(
      QueryParameterUnsafeError,
    );
    expect(() => renderQuery(TEMPLATE, { dtFrom: '2026\\', dtTo: 'x' })).toThrow(QueryParameterUnsafeError);
  });
});

describe('describeStatement', () => {
  it('labels a statement by its first characters, without the comment block', () => {
    expect(describeStatement('-- why\nSELECT   1\n  FROM t')).toBe('"SELECT 1 FROM t"');
    expect(describeStatement(`SELECT ${'x, '.repeat(40)}1`)).toMatch(/^"SELECT x, .{47}\.\.\."$/);
  });
});
