import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';
import { RequestViewSchema } from './responses';

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument({ version: 'test' });

  it('is OpenAPI 3.1 with JSON Schema 2020-12 bodies taken from the zod schemas', () => {
    const ok = document.paths['/requests/{requestId}'].get.responses[200].content['application/json'].schema;

    expect(document.openapi).toBe('3.1.0');
    expect(ok).not.toHaveProperty('$schema');
    expect(Object.keys((ok as { properties: object }).properties).sort()).toEqual(
      Object.keys(RequestViewSchema.shape).sort(),
    );
  });

  it('documents Retry-After on every 429 and 503, and a path parameter for every {placeholder}', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations) as {
        responses: Record<string, { headers?: object }>;
        parameters?: { name: string; in: string }[];
      }[]) {
        for (const status of ['429', '503']) {
          if (operation.responses[status])
            expect(operation.responses[status].headers).toHaveProperty('Retry-After');
        }
        const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const inPath = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(inPath).toEqual(placeholders);
      }
    }
  });
});
