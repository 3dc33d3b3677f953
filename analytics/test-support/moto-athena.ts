/**
 * moto's control API for Athena. moto does not execute SQL: it answers the Athena calls, returns
 * results seeded in advance (one seeded result per StartQueryExecution, in order, per account
 * and region) and moves executions QUEUED -> RUNNING -> SUCCEEDED as its state manager says.
 */
import type { ColumnInfo, Row } from '@aws-sdk/client-athena';

const EXECUTION_MODEL = 'athena::execution';

export interface SeededResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Data rows; null is a NULL (no VarCharValue). The label row is added as Athena adds it. */
  readonly rows: readonly (readonly (string | null)[])[];
}

export async function seedAthenaResult(motoUrl: string, region: string, result: SeededResult): Promise<void> {
  const toRow = (values: readonly (string | null)[]): Row => ({
    Data: values.map((value) => (value === null ? {} : { VarCharValue: value })),
  });
  const columnInfo: ColumnInfo[] = result.columns.map(({ name, type }) => ({
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: type,
    Precision: 0,
    Scale: 0,
    Nullable: 'UNKNOWN',
    CaseSensitive: type === 'varchar',
  }));
  const header = toRow(result.columns.map(({ name }) => name));
  await post(`${motoUrl}/moto-api/static/athena/query-results`, {
    region,
    results: [{ rows: [header, ...result.rows.map(toRow)], column_info: columnInfo }],
  });
}

/** Each state lasts `describes` GetQueryExecution calls; a large number keeps a query QUEUED. */
export async function holdAthenaStates(motoUrl: string, describes: number): Promise<void> {
  await post(`${motoUrl}/moto-api/state-manager/set-transition`, {
    model_name: EXECUTION_MODEL,
    transition: { progression: 'manual', times: describes },
  });
}

/** Back to moto's default: an execution is SUCCEEDED at its first GetQueryExecution. */
export async function releaseAthenaStates(motoUrl: string): Promise<void> {
  await post(`${motoUrl}/moto-api/state-manager/unset-transition`, { model_name: EXECUTION_MODEL });
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`moto ${url} answered ${response.status}: ${await response.text()}`);
}
