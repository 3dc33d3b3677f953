/**
 * A fuzz request (plain data: tokens by name, huge bodies by size) as it goes on the wire, and
 * as one line for a report with the token names in place of their values.
 */
import type { FuzzAuth } from './fuzz-auth';
import type { FuzzBody, HugeShape } from './fuzz-payloads';
import type { FuzzRequest } from './fuzz-requests';
import type { FuzzTokens } from './fuzz-tokens';

export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly chunked: boolean;
}

export function bodyBytes(body: FuzzBody): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'text':
      return Buffer.from(body.text, 'utf8');
    case 'bytes':
      return Buffer.from(body.hex, 'hex');
    case 'huge':
      return hugeBytes(body.bytes, body.shape);
  }
}

function hugeBytes(size: number, shape: HugeShape): Buffer {
  const fill = (head: string, unit: string, tail: string) => {
    const buffer = Buffer.alloc(size, unit);
    buffer.write(head, 0);
    buffer.write(tail, size - Buffer.byteLength(tail));
    return buffer;
  };
  switch (shape) {
    case 'json-string':
      return fill('{"userId":"', 'a', '"}');
    case 'whitespace':
      return fill('', ' ', '{}');
    case 'nested': {
      const half = Math.floor(size / 2);
      return Buffer.from(`${'['.repeat(half)}${']'.repeat(size - half)}`);
    }
    case 'number-array':
      return fill('[', '1,', '1]');
    case 'unicode':
      // 'é' is two bytes: the size stays above the limit in bytes and in characters.
      return fill('{"userId":"', 'é', '"}');
  }
}

export function toWireRequest(request: FuzzRequest, tokens: FuzzTokens): WireRequest {
  const headers: Record<string, string> = { ...request.extraHeaders };
  const authorization = authorizationValue(request.auth, tokens);
  if (authorization !== undefined) headers.authorization = authorization;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.contentEncoding !== undefined) headers['content-encoding'] = request.contentEncoding;
  const body = bodyBytes(request.body);
  if (body !== undefined) {
    if (request.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
  }
  return {
    method: request.method,
    path: request.path,
    headers,
    ...(body === undefined ? {} : { body }),
    chunked: request.chunked,
  };
}

function authorizationValue(auth: FuzzAuth, tokens: FuzzTokens): string | undefined {
  if (auth.kind === 'none') return undefined;
  if (auth.kind === 'raw') return auth.value;
  const token = tokens[auth.token];
  if (token === undefined) throw new Error(`the run has no ${auth.token} token`);
  return auth.format.replaceAll('{token}', token);
}

/** One line for a report: what was sent, with token names instead of token values. */
export function describeFuzzRequest(request: FuzzRequest): string {
  const auth =
    request.auth.kind === 'none'
      ? 'no auth'
      : request.auth.kind === 'raw'
        ? `auth ${JSON.stringify(clip(request.auth.value, 60))}`
        : `auth ${request.auth.format.replaceAll('{token}', `<${request.auth.token}>`)}`;
  const body =
    request.body.kind === 'none'
      ? 'no body'
      : request.body.kind === 'huge'
        ? `${request.body.bytes} B ${request.body.shape}`
        : request.body.kind === 'bytes'
          ? `bytes ${clip(request.body.hex, 40)}`
          : `body ${JSON.stringify(clip(request.body.text, 80))}`;
  const type = request.contentType === undefined ? '' : ` type ${JSON.stringify(request.contentType)}`;
  const encoding = request.contentEncoding === undefined ? '' : ` encoding ${request.contentEncoding}`;
  return `${request.method} ${clip(request.path, 120)} [${request.why}] ${auth};${type}${encoding} ${body}${request.chunked ? ' (chunked)' : ''}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}...(${text.length})`;
}
