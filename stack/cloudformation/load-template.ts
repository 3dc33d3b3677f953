/**
 * The adapter around the pure renderer: reads create-table.sql and renders the template of a
 * target. The three variants are named so tests, the CLI and the deploy step agree on them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResourceDefinition } from '../resources';
import { type GlueTableDefinition, parseCreateTable } from './glue-table';
import { renderTemplate, type TemplateOptions } from './render-template';
import type { CfnTemplate } from './template';

export const TEMPLATE_VARIANTS = {
  /** Everything: what `make deploy TARGET=aws` creates. */
  aws: { parts: { table: true, athena: true }, bucketNameSuffix: 'account-region' },
  /** What LocalStack's free core serves: no table (Amazon's jar), no Glue or Athena (501). */
  localstack: { parts: { table: false, athena: false }, bucketNameSuffix: 'none' },
} as const satisfies Record<string, TemplateOptions>;

export type TemplateVariant = keyof typeof TEMPLATE_VARIANTS;

export async function readGlueTable(root: string): Promise<GlueTableDefinition> {
  return parseCreateTable(await readFile(join(root, 'analytics/sql/create-table.sql'), 'utf8'));
}

export async function loadTemplate(
  root: string,
  definition: ResourceDefinition,
  variant: TemplateVariant,
  extra: Omit<TemplateOptions, 'parts' | 'bucketNameSuffix' | 'glueTable'> = {},
): Promise<CfnTemplate> {
  return renderTemplate(definition, {
    ...TEMPLATE_VARIANTS[variant],
    ...extra,
    glueTable: await readGlueTable(root),
  });
}
