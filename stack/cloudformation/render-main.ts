/**
 * `npm run template -- [--variant aws|localstack] [--prefix demo-] [--out file]`: prints the
 * rendered template (JSON), for cfn-lint, a review, or the CloudFormation console.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defineResources } from '../resources';
import { loadTemplate, TEMPLATE_VARIANTS, type TemplateVariant } from './load-template';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'aws' },
    prefix: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const variant = values.variant as string;
if (!(variant in TEMPLATE_VARIANTS)) {
  console.error(`--variant must be one of ${Object.keys(TEMPLATE_VARIANTS).join(', ')}, got ${variant}`);
  process.exit(2);
}
const root = join(import.meta.dirname, '../..');
const template = await loadTemplate(
  root,
  defineResources({ namePrefix: values.prefix }),
  variant as TemplateVariant,
);
const text = `${JSON.stringify(template, null, 2)}\n`;
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
