import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BufferedRecord,
  buildObjectKey,
  FirehoseBuffer,
  planObjects,
  RecordKind,
  renderObject,
  toDeliveredRecord,
} from './firehose-buffer';

const T0 = Date.parse('2026-11-22T02:59:58.000Z');
const detail = { schemaVersion: 1, requestId: 'r-1', timestamps: { queuedAt: 1, finishedAt: 2 } };

function record(data: string, arrivedAt = T0, kind: RecordKind = RecordKind.DELIVERED) {
  return { data, arrivedAt, token: { kind } };
}

/** What moto puts in the buffer queue: the whole envelope, detail as an object. */
function motoEnvelope(body: unknown) {
  return JSON.stringify({
    version: '0',
    id: 'e-1',
    'detail-type': 'ParticipationProcessed',
    source: 'kr.ac.dongduk.worker',
    account: '123456789012',
    time: '2026-11-22T02:59:58Z',
    region: 'us-east-1',
    resources: [],
    detail: body,
  });
}

describe('FirehoseBuffer', () => {
  it('is not due while empty, however late it is', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 1, bufferingBytes: 10 });
    expect(buffer.shouldFlush(T0 + 3_600_000)).toBe(false);
  });

  it('becomes due when the oldest record is bufferingSeconds old, not before', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 60, bufferingBytes: 1_000_000 });
    buffer.add(record('{"a":1}', T0 + 5_000));
    buffer.add(record('{"a":2}', T0)); // arrival order is not queue order
    expect(buffer.shouldFlush(T0 + 59_999)).toBe(false);
    expect(buffer.shouldFlush(T0 + 60_000)).toBe(true);
  });

  it('becomes due when the bytes reach bufferingBytes, newline included', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 900, bufferingBytes: 16 });
    buffer.add(record('{"a":1}')); // 7 bytes + newline
    expect(buffer.shouldFlush(T0)).toBe(false);
    buffer.add(record('{"b":2}'));
    expect(buffer.bytes).toBe(16);
    expect(buffer.shouldFlush(T0)).toBe(true);
  });

  it('counts bytes, not characters', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 900, bufferingBytes: 100 });
    buffer.add(record('"한"'));
    expect(buffer.bytes).toBe(6);
  });

  it('drains the whole batch once and starts empty', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 0, bufferingBytes: 100 });
    buffer.add(record('{"a":1}'));
    buffer.add(record('{"a":2}'));
    expect(buffer.drain().map((r) => r.data)).toEqual(['{"a":1}', '{"a":2}']);
    expect(buffer.drain()).toEqual([]);
    expect(buffer.bytes).toBe(0);
    expect(buffer.shouldFlush(T0 + 10_000)).toBe(false);
  });

  it('refuses a record that would span two lines', () => {
    const buffer = new FirehoseBuffer({ bufferingSeconds: 1, bufferingBytes: 100 });
    expect(() => buffer.add(record('{\n}'))).toThrow(/line break/);
  });

  it.each([
    [
      { bufferingSeconds: -1, bufferingBytes: 1 },
      'bufferingSeconds must be an integer from 0 to 900, got -1',
    ],
    [
      { bufferingSeconds: 901, bufferingBytes: 1 },
      'bufferingSeconds must be an integer from 0 to 900, got 901',
    ],
    [
      { bufferingSeconds: 1.5, bufferingBytes: 1 },
      'bufferingSeconds must be an integer from 0 to 900, got 1.5',
    ],
    [{ bufferingSeconds: 1, bufferingBytes: 0 }, 'bufferingBytes must be a positive integer, got 0'],
  ])('rejects options %o', (options, message) => {
    expect(() => new FirehoseBuffer(options)).toThrow(message);
  });
});

describe('toDeliveredRecord', () => {
  it("takes the detail object out of moto's envelope", () => {
    expect(toDeliveredRecord(motoEnvelope(detail))).toEqual({
      kind: 'delivered',
      data: JSON.stringify(detail),
    });
  });

  it('takes a detail that is a JSON string of an object as it is', () => {
    const text = '{"b":1,"1":2}';
    expect(toDeliveredRecord(motoEnvelope(text))).toEqual({ kind: 'delivered', data: text });
  });

  it('keeps a bare detail (a real InputPath=$.detail delivery) byte for byte', () => {
    const body = '{"b":1.0,"1":2}';
    expect(toDeliveredRecord(body)).toEqual({ kind: 'delivered', data: body });
  });

  it('puts a pretty-printed detail on one line', () => {
    const result = toDeliveredRecord(JSON.stringify(detail, null, 2));
    expect(result).toEqual({ kind: 'delivered', data: JSON.stringify(detail) });
  });

  it.each([
    ['not JSON', 'garbage {'],
    ['an empty body', ''],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"text"'],
    ['null', 'null'],
    ['an envelope whose detail is an array', motoEnvelope([1])],
    ['an envelope whose detail is a number', motoEnvelope(3)],
    ['an envelope whose detail string is not an object', motoEnvelope('[1]')],
  ])('makes an error record of %s, keeping the raw body', (_, body) => {
    const result = toDeliveredRecord(body);
    expect(result.kind).toBe('error');
    expect(result.data).toBe(body);
  });

  it('keeps a multi-line error body on one line as a JSON string', () => {
    const result = toDeliveredRecord('bad\nbody');
    expect(result).toMatchObject({ kind: 'error', data: '"bad\\nbody"' });
  });
});

describe('renderObject', () => {
  it('writes one record per line with a trailing newline', () => {
    expect(renderObject([{ data: '{"a":1}' }, { data: '{"b":2}' }])).toBe('{"a":1}\n{"b":2}\n');
  });

  it('writes nothing for no records', () => {
    expect(renderObject([])).toBe('');
  });

  it('refuses a record with a line break', () => {
    expect(() => renderObject([{ data: '{"a":\r1}' }])).toThrow(/line break/);
  });

  // JSON has no -0: compare against what JSON can carry, i.e. the serialized objects.
  const jsonObjects = fc.array(fc.dictionary(fc.string(), fc.jsonValue()));
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

  it('round-trips any list of JSON objects through split on newlines (property)', () => {
    fc.assert(
      fc.property(jsonObjects, (objects) => {
        const serialized = objects.map((object) => JSON.stringify(object));
        const lines = renderObject(serialized.map((data) => ({ data }))).split('\n');
        expect(lines.pop()).toBe('');
        expect(lines).toEqual(serialized);
        for (const line of lines) expect(isObject(JSON.parse(line))).toBe(true);
      }),
    );
  });

  it('writes exactly the details of any moto envelopes, one parseable object per line (property)', () => {
    fc.assert(
      fc.property(jsonObjects, (details) => {
        const records = details.map((detail) => toDeliveredRecord(motoEnvelope(detail)));
        const lines = renderObject(records).split('\n').slice(0, -1);
        expect(lines).toEqual(details.map((detail) => JSON.stringify(detail)));
        for (const line of lines) expect(isObject(JSON.parse(line))).toBe(true);
      }),
    );
  });
});

describe('buildObjectKey', () => {
  it('names the object like Firehose under the evaluated prefix', () => {
    const key = buildObjectKey({
      prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
      streamName: 'participation-events',
      at: new Date(T0),
      id: '0b7c5c1e-0000-4000-8000-000000000000',
    });
    expect(key).toBe(
      'events/dt=2026-11-22/hour=02/participation-events-1-2026-11-22-02-59-58-0b7c5c1e-0000-4000-8000-000000000000',
    );
  });
});

describe('planObjects', () => {
  const layout = {
    prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
    errorPrefix: 'events/error/!{firehose:error-output-type}/',
    streamName: 's',
    errorOutputType: 'processing-failed',
    newId: () => 'id',
  };

  it('writes records and error records to separate objects', () => {
    const batch: BufferedRecord<{ kind: RecordKind }>[] = [
      record('{"a":1}', T0),
      record('junk', T0, RecordKind.ERROR),
      record('{"a":2}', T0),
    ];
    const planned = planObjects(batch, layout);
    expect(planned.map((p) => [p.kind, p.key, p.body])).toEqual([
      ['delivered', 'events/dt=2026-11-22/hour=02/s-1-2026-11-22-02-59-58-id', '{"a":1}\n{"a":2}\n'],
      ['error', 'events/error/processing-failed/s-1-2026-11-22-02-59-58-id', 'junk\n'],
    ]);
  });

  it('partitions by the oldest arrival in the object, even if a later record crosses the hour', () => {
    const batch = [record('{"late":1}', T0 + 5_000), record('{"early":1}', T0)];
    const [object] = planObjects(batch, layout);
    expect(object?.key.startsWith('events/dt=2026-11-22/hour=02/')).toBe(true);
    expect(object?.body).toBe('{"late":1}\n{"early":1}\n');
  });

  it('plans nothing for an empty batch', () => {
    expect(planObjects([], layout)).toEqual([]);
  });
});
