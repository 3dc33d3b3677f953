/**
 * The shape of a CloudFormation template as this project renders it: plain JSON values with the
 * few intrinsic functions the renderer uses. Kept small on purpose; the renderer is pure and the
 * template is data that cfn-lint, CloudFormation and the tests read.
 */
export type CfnValue =
  | string
  | number
  | boolean
  | readonly CfnValue[]
  | { readonly [key: string]: CfnValue }
  | Intrinsic;

export type Intrinsic =
  | { readonly Ref: string }
  | { readonly 'Fn::GetAtt': readonly [string, string] }
  | { readonly 'Fn::Sub': string };

export interface CfnResource {
  readonly Type: string;
  readonly Properties: { readonly [key: string]: CfnValue };
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain';
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain';
}

export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnValue;
}

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Resources: { readonly [logicalId: string]: CfnResource };
  readonly Outputs: { readonly [name: string]: CfnOutput };
}

export const ref = (logicalId: string): Intrinsic => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string): Intrinsic => ({
  'Fn::GetAtt': [logicalId, attribute],
});
export const sub = (text: string): Intrinsic => ({ 'Fn::Sub': text });
