/**
 * Reads analytics/sql/create-table.sql (the Athena DDL, the one definition of the analytics
 * table) into the Glue TableInput that CloudFormation wants, so the table cannot drift from
 * the SQL the harness runs. Only the DDL subset that file uses is understood; anything else is
 * an error naming what it did not recognise, never a silently different table.
 */
export interface GlueColumn {
  readonly Name: string;
  readonly Type: string;
}

export interface GlueTableDefinition {
  readonly name: string;
  readonly columns: readonly GlueColumn[];
  readonly partitionKeys: readonly GlueColumn[];
  readonly serde: string;
  readonly serdeParameters: Readonly<Record<string, string>>;
  /** With the ${bucket} placeholder left in: the renderer substitutes the bucket. */
  readonly location: string;
  readonly tableProperties: Readonly<Record<string, string>>;
}

export class GlueTableParseError extends Error {
  readonly code = 'GLUE_TABLE_PARSE';
  constructor(what: string) {
    super(`create-table.sql: ${what}`);
    this.name = 'GlueTableParseError';
  }
}

export function parseCreateTable(sql: string): GlueTableDefinition {
  const text = sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n');
  const header = /CREATE\s+EXTERNAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(/i.exec(text);
  if (!header) throw new GlueTableParseError('no CREATE EXTERNAL TABLE <name> (');
  const columnsStart = header.index + header[0].length;
  const columnsEnd = matchingParen(text, columnsStart - 1);
  const columns = splitTopLevel(text.slice(columnsStart, columnsEnd)).map(parseColumn);
  const rest = text.slice(columnsEnd + 1);

  const partitioned = /PARTITIONED\s+BY\s*\(([^)]*)\)/i.exec(rest);
  const serde = /ROW\s+FORMAT\s+SERDE\s+'([^']+)'/i.exec(rest);
  const serdeProperties = /WITH\s+SERDEPROPERTIES\s*\(([^)]*)\)/i.exec(rest);
  const location = /LOCATION\s+'([^']+)'/i.exec(rest);
  const tableProperties = /TBLPROPERTIES\s*\(([^)]*)\)/i.exec(rest);
  if (!serde?.[1]) throw new GlueTableParseError('no ROW FORMAT SERDE');
  if (!location?.[1]) throw new GlueTableParseError('no LOCATION');
  return {
    name: header[1] as string,
    columns,
    partitionKeys: partitioned?.[1] ? splitTopLevel(partitioned[1]).map(parseColumn) : [],
    serde: serde[1],
    serdeParameters: parseProperties(serdeProperties?.[1] ?? ''),
    location: location[1],
    tableProperties: parseProperties(tableProperties?.[1] ?? ''),
  };
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  throw new GlueTableParseError('unbalanced parentheses in the column list');
}

/** Splits on commas outside <...> and (...): struct<a:int,b:int> stays one column type. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '<' || char === '(') depth++;
    if (char === '>' || char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function parseColumn(declaration: string): GlueColumn {
  const match = /^(\w+)\s+(.+)$/s.exec(declaration);
  if (!match?.[1] || !match[2]) throw new GlueTableParseError(`cannot read the column "${declaration}"`);
  const type = match[2].replace(/\s+/g, '');
  if (!/^[a-z]+(<.*>)?$/i.test(type)) throw new GlueTableParseError(`unknown type "${type}"`);
  // Glue keeps column names lower-case (Athena folds them); struct field names keep their case
  // because the JSON SerDe matches them case-insensitively anyway.
  return { Name: match[1].toLowerCase(), Type: type.replace(/^\w+/, (head) => head.toLowerCase()) };
}

function parseProperties(list: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of splitTopLevel(list)) {
    const match = /^'([^']+)'\s*=\s*'([^']*)'$/.exec(pair);
    if (!match?.[1] || match[2] === undefined)
      throw new GlueTableParseError(`cannot read the property ${pair}`);
    properties[match[1]] = match[2];
  }
  return properties;
}
