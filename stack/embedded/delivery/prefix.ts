/**
 * Evaluates the `!{namespace:value}` expressions of a Kinesis Data Firehose S3 prefix, so the
 * embedded delivery stage writes the same keys as the real stream. Only what our templates use
 * is supported; anything else throws, because silently writing a literal `!{...}` into a key
 * would put objects where no partition (and no Athena query) will ever look.
 *
 * Firehose evaluates every timestamp in one prefix at the same instant (the arrival time of the
 * oldest record in the object), in UTC unless a CustomTimeZone is configured (we never do).
 */

export class FirehosePrefixError extends Error {
  readonly code = 'FIREHOSE_PREFIX_INVALID';
  override readonly name = 'FirehosePrefixError';
}

export interface RenderPrefixOptions {
  /** Value of `!{firehose:error-output-type}`; only error prefixes may use it. */
  readonly errorOutputType?: string;
}

const EXPRESSION = /!\{([^}:]*):([^}]*)\}/g;

/** UTC fields for the java.time.format.DateTimeFormatter letters we support. */
const FIELDS: Readonly<Record<string, (at: Date) => string>> = {
  yyyy: (at) => String(at.getUTCFullYear()).padStart(4, '0'),
  MM: (at) => pad2(at.getUTCMonth() + 1),
  dd: (at) => pad2(at.getUTCDate()),
  HH: (at) => pad2(at.getUTCHours()),
  mm: (at) => pad2(at.getUTCMinutes()),
  ss: (at) => pad2(at.getUTCSeconds()),
};

export function renderFirehosePrefix(template: string, at: Date, options: RenderPrefixOptions = {}): string {
  if (Number.isNaN(at.getTime())) throw new FirehosePrefixError('cannot render a prefix for an invalid date');
  const rendered = template.replace(EXPRESSION, (expression, namespace: string, value: string) => {
    if (namespace === 'timestamp') return formatUtc(value, at);
    if (namespace === 'firehose' && value === 'error-output-type') {
      if (options.errorOutputType === undefined) {
        throw new FirehosePrefixError(`${expression} needs an errorOutputType (only error prefixes use it)`);
      }
      return options.errorOutputType;
    }
    throw new FirehosePrefixError(
      `unsupported prefix expression ${expression} in '${template}': only !{timestamp:<pattern>} and ` +
        '!{firehose:error-output-type} are evaluated by the embedded delivery stage',
    );
  });
  // A '!{' left over is an expression the regex could not read (unclosed, or no namespace).
  if (rendered.includes('!{')) throw new FirehosePrefixError(`malformed prefix expression in '${template}'`);
  return rendered;
}

/**
 * Formats `at` (UTC) with a DateTimeFormatter pattern made of the letter runs in FIELDS, literal
 * punctuation and 'quoted text' ('' is a quote), the subset Firehose users write in practice.
 */
export function formatUtc(pattern: string, at: Date): string {
  if (pattern === '') throw new FirehosePrefixError('empty timestamp pattern in !{timestamp:}');
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (char === "'") {
      const [text, next] = readQuoted(pattern, i);
      out += text;
      i = next;
    } else if (/[a-zA-Z]/.test(char)) {
      let end = i;
      while (pattern[end] === char) end++;
      const run = pattern.slice(i, end);
      const field = FIELDS[run];
      if (!field) {
        throw new FirehosePrefixError(
          `unsupported timestamp pattern '${run}' in '${pattern}' (supported: ${Object.keys(FIELDS).join(', ')})`,
        );
      }
      out += field(at);
      i = end;
    } else if ('#{}[]'.includes(char)) {
      // Reserved by DateTimeFormatter for future use / optional sections: not a literal there either.
      throw new FirehosePrefixError(`reserved character '${char}' in timestamp pattern '${pattern}'`);
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** Reads 'text' starting at the quote at `start`; '' inside or alone is one quote. */
function readQuoted(pattern: string, start: number): [text: string, next: number] {
  if (pattern[start + 1] === "'") return ["'", start + 2];
  let text = '';
  let i = start + 1;
  while (i < pattern.length) {
    if (pattern[i] !== "'") {
      text += pattern[i];
      i++;
    } else if (pattern[i + 1] === "'") {
      text += "'";
      i += 2;
    } else {
      return [text, i + 1];
    }
  }
  throw new FirehosePrefixError(`unterminated quote in timestamp pattern '${pattern}'`);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
