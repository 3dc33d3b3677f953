/**
 * The LocalStack target's deviations from AWS, measured on localstack-core 2026.3.0 (and 4.9.2)
 * and ministack 1.5.33. G1 on LocalStack goes through its real EventBridge -> Firehose -> S3,
 * so the Firehose entries show up in I6a (layout and framing) with the keys quoted.
 */
import { DeviationSeverity, type TargetDeviation } from '../target-deviations';

export const LOCALSTACK_DEVIATIONS: readonly TargetDeviation[] = [
  {
    id: 'firehose-one-object-per-record',
    service: 'firehose',
    severity: DeviationSeverity.differs,
    summary: 'Firehose writes one S3 object per record and ignores the buffering hints',
    aws: 'one object per buffer (60 s / 1 MB here), many records each',
    affects: [],
  },
  {
    id: 'firehose-no-record-delimiter',
    service: 'firehose',
    severity: DeviationSeverity.breaksCheck,
    summary:
      'Firehose ignores the AppendDelimiterToRecord processor: records are written without the newline',
    aws: 'the processor appends "\\n" after every record: one JSON object per line',
    affects: ['I6a'],
  },
  {
    id: 'firehose-timestamp-prefix-not-expanded',
    service: 'firehose',
    severity: DeviationSeverity.breaksCheck,
    summary:
      'Firehose does not expand !{timestamp:...} in the prefix and appends its own yyyy/MM/dd/HH/ path ' +
      '(keys like events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/2026/12/01/07/<stream>-...)',
    aws: 'the prefix is evaluated at ingestion time: events/dt=2026-12-01/hour=07/<stream>-...',
    affects: ['I6a'],
  },
  {
    id: 'firehose-error-prefix-ignored',
    service: 'firehose',
    severity: DeviationSeverity.differs,
    summary: 'Firehose ignores ErrorOutputPrefix',
    aws: 'records that fail processing land under the error prefix (events/error/)',
    affects: [],
  },
  {
    id: 'cloudwatch-metric-math',
    service: 'cloudwatch',
    severity: DeviationSeverity.differs,
    summary: 'GetMetricData with a metric-maths expression answers InternalError (plain stats work)',
    aws: 'expressions are evaluated',
    affects: [],
  },
  {
    id: 'athena-glue-not-served',
    service: 'athena',
    severity: DeviationSeverity.unsupported,
    summary:
      'Athena and Glue are not in the free core (501): the G1 queries run on DuckDB over the bucket instead',
    aws: 'the queries run on Athena over the Glue table',
    affects: [],
  },
  {
    id: 'dynamodb-from-ministack',
    service: 'dynamodb',
    severity: DeviationSeverity.differs,
    summary:
      "DynamoDB is ministack's (LocalStack's needs Amazon's jar): it never answers TransactionConflict, " +
      'and it serialises every request',
    aws: 'concurrent transactions on the same item can be cancelled with TransactionConflict',
    affects: [],
  },
];
