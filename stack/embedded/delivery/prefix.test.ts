import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirehosePrefixError, formatUtc, renderFirehosePrefix } from './prefix';

const EVENTS_PREFIX = 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/';
const at = new Date('2026-11-22T02:07:09.123Z');

describe('renderFirehosePrefix', () => {
  it('renders the events partition in UTC', () => {
    expect(renderFirehosePrefix(EVENTS_PREFIX, at)).toBe('events/dt=2026-11-22/hour=02/');
  });

  it('uses UTC even near midnight, where a local-time formatter would change the day', () => {
    const late = new Date('2026-12-31T23:59:59.999Z');
    expect(renderFirehosePrefix(EVENTS_PREFIX, late)).toBe('events/dt=2026-12-31/hour=23/');
  });

  it('leaves a prefix without expressions as it is', () => {
    expect(renderFirehosePrefix('events/error/', at)).toBe('events/error/');
  });

  it('evaluates the error output type of an error prefix', () => {
    const rendered = renderFirehosePrefix(
      'events/error/!{firehose:error-output-type}/!{timestamp:yyyy}/',
      at,
      {
        errorOutputType: 'processing-failed',
      },
    );
    expect(rendered).toBe('events/error/processing-failed/2026/');
  });

  it('rejects the error output type in a prefix that has none', () => {
    expect(() => renderFirehosePrefix('e/!{firehose:error-output-type}/', at)).toThrow(/errorOutputType/);
  });

  it.each([
    ['an unknown namespace', 'x/!{partitionKeyFromQuery:customerId}/'],
    ['an unsupported firehose value', 'x/!{firehose:random-string}/'],
    ['an unsupported pattern letter', 'x/!{timestamp:yyyy-MM-dd-EEE}/'],
    ['a 2-digit year', 'x/!{timestamp:yy}/'],
    ['an empty pattern', 'x/!{timestamp:}/'],
    ['an unclosed expression', 'x/!{timestamp:yyyy/'],
    ['an unterminated quote', "x/!{timestamp:yyyy'-}/"],
  ])('throws a FirehosePrefixError for %s', (_, template) => {
    expect(() => renderFirehosePrefix(template, at)).toThrow(FirehosePrefixError);
  });

  it('names the offending expression in the error', () => {
    expect(() => renderFirehosePrefix('x/!{nope:1}/', at)).toThrow(/!\{nope:1\}/);
  });

  it('agrees with toISOString for every instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01Z'), max: new Date('9999-12-31Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(renderFirehosePrefix(EVENTS_PREFIX, date)).toBe(
            `events/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`,
          );
        },
      ),
    );
  });
});

describe('formatUtc', () => {
  it('reads quoted literals the way DateTimeFormatter does', () => {
    expect(formatUtc("yyyy'-'MM'-'dd", at)).toBe('2026-11-22');
    expect(formatUtc("HH'h'mm", at)).toBe('02h07');
    expect(formatUtc("'o''clock' HH", at)).toBe("o'clock 02");
    expect(formatUtc("HH''mm", at)).toBe("02'07");
  });

  it('formats the Firehose object-name timestamp', () => {
    expect(formatUtc('yyyy-MM-dd-HH-mm-ss', at)).toBe('2026-11-22-02-07-09');
  });

  it('rejects the reserved characters of DateTimeFormatter', () => {
    expect(() => formatUtc('yyyy[MM]', at)).toThrow(/reserved/);
  });
});
