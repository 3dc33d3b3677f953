/**
 * The Firehose stream's S3 destination, as the template declares it and as LocalStack is
 * provisioned: one shape, so that the two cannot drift. The ARNs are strings on LocalStack and
 * CloudFormation intrinsics (Fn::GetAtt) in the template.
 */
import type { AnalyticsDefinition } from './resources';

export function firehoseS3Destination<Arn>(
  stream: AnalyticsDefinition['deliveryStream'],
  arns: { readonly bucket: Arn; readonly role: Arn },
) {
  return {
    BucketARN: arns.bucket,
    RoleARN: arns.role,
    Prefix: stream.prefix,
    ErrorOutputPrefix: stream.errorPrefix,
    BufferingHints: { IntervalInSeconds: stream.bufferingSeconds, SizeInMBs: stream.bufferingMegabytes },
    CompressionFormat: 'UNCOMPRESSED' as const,
    // Firehose concatenates records as they come: without this processor the detail objects of
    // one buffer would share a line and the JSON SerDe would read one row per object.
    // LocalStack ignores it (a known deviation).
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'AppendDelimiterToRecord' as const,
          Parameters: [{ ParameterName: 'Delimiter' as const, ParameterValue: '\\n' }],
        },
      ],
    },
  };
}
