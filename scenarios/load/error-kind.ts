/**
 * Names why a request got no HTTP answer. Classified by `code` as well as by name, since undici
 * and Node report the same failure under either. `refused` is the one kind that proves the
 * request never reached the server; every other kind leaves the outcome unknown.
 */
export const ERROR_KINDS = ['timeout', 'reset', 'refused', 'aborted', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const BY_CODE: Readonly<Record<string, ErrorKind>> = {
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNREFUSED: 'refused',
  UND_ERR_ABORTED: 'aborted',
  ABORT_ERR: 'aborted',
};

export function classifyRequestError(err: unknown): ErrorKind {
  const candidate = err as { code?: unknown; name?: unknown; cause?: unknown } | undefined;
  const code = typeof candidate?.code === 'string' ? candidate.code : undefined;
  if (code && BY_CODE[code]) return BY_CODE[code];
  if (candidate?.name === 'TimeoutError') return 'timeout';
  if (candidate?.name === 'AbortError') return 'aborted';
  if (candidate?.cause !== undefined && candidate.cause !== err) return classifyRequestError(candidate.cause);
  return 'other';
}
