/**
 * The contract check of `make test`: schemathesis (PyPI, .venv-schemathesis) against the ingest's
 * own GET /openapi.json, on the reference pipeline (embedded stack, ingest as its child process). A bounded number of
 * examples per operation (SCHEMATHESIS_EXAMPLES, default 25) and a fixed seed keep it short and
 * replayable. Checks: no 5xx, and every answer's status, content type, headers and body match the
 * document. The own fuzz (fuzz-requests.ts) keeps only what schemathesis cannot express.
 *
 * Exit code: schemathesis's own (0 all passed, 1 a check failed), 2 when the run could not start.
 * Its JUnit reports and output are written to reports/runs/schemathesis-<time>/.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPipeline } from '../../stack/pipeline';
import { newRunFolder } from '../runner/run-folder';

const root = join(import.meta.dirname, '../..');
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
].join(',');

async function main(): Promise<number> {
  const binary = join(root, '.venv-schemathesis/bin/schemathesis');
  if (!existsSync(binary)) {
    console.error(
      'schemathesis: .venv-schemathesis is missing: run make setup (scripts/install-schemathesis.sh)',
    );
    return 2;
  }
  const examples = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 25);
  const seed = Number(process.env.SCHEMATHESIS_SEED ?? 1);
  if (!Number.isInteger(examples) || examples < 1 || !Number.isInteger(seed)) {
    console.error(
      'schemathesis: SCHEMATHESIS_EXAMPLES must be a positive integer and SCHEMATHESIS_SEED an integer',
    );
    return 2;
  }
  const { runDir } = await newRunFolder(root, 'schemathesis');
  const pipeline = await startPipeline({
    root,
    runDir,
    nodeBinary: process.execPath,
    // EVT-009 is the document's example eventId: the examples phase reaches the 202 path with it.
    resources: { namePrefix: 'contract-', fixtures: [{ eventId: 'EVT-009', capacity: 10 }] },
    ingestEnv: { SWEEP_INTERVAL_MS: '0', LOG_LEVEL: 'warn' },
    onProgress: (message) => console.log(`[schemathesis] ${message}`),
  });
  const ingest = { url: pipeline.ingestUrl };
  try {
    const token = async (body: Record<string, string>) => {
      const answer = await fetch(`${ingest.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return ((await answer.json()) as { accessToken: string }).accessToken;
    };
    // Two passes: every route with a user token, then the admin routes with an admin token
    // (with a user token they only ever answer 403).
    const passes = [
      { name: 'user', token: await token({ userId: 'contract-user' }), only: [] as string[] },
      {
        name: 'admin',
        token: await token({ userId: 'contract-ops', adminSecret: pipeline.adminSecret }),
        only: ['--include-path-regex', '^/admin/'],
      },
    ];
    let worst = 0;
    for (const pass of passes) {
      const args = [
        'run',
        `${ingest.url}/openapi.json`,
        '--checks',
        CHECKS,
        '--max-examples',
        String(examples),
        '--seed',
        String(seed),
        // One worker: Hypothesis parses sources with ast from several threads, which CPython
        // 3.11.7 can break ("AST constructor recursion depth mismatch", fixed in 3.11.8).
        '--workers',
        '1',
        '--no-color',
        '--generation-database',
        'none',
        '--header',
        `Authorization: Bearer ${pass.token}`,
        ...pass.only,
        '--report',
        'junit',
        '--report-junit-path',
        join(runDir, `junit-${pass.name}.xml`),
      ];
      console.log(`[schemathesis] ${pass.name} pass: ${examples} example(s) per operation, seed ${seed}`);
      const { code, output } = await run(binary, args, runDir);
      await writeFile(
        join(runDir, `schemathesis-${pass.name}.txt`),
        output.replaceAll(pass.token, '<token>'),
      );
      console.log(`[schemathesis] ${pass.name} pass: exit ${code}`);
      worst = Math.max(worst, code);
    }
    console.log(`[schemathesis] output and JUnit reports in ${runDir}`);
    return worst;
  } finally {
    await pipeline.stop();
  }
}

/** Runs in the run folder, so schemathesis's own cache (.schemathesis/) lands there too. */
function run(binary: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // The whole output goes to the run folder; the console gets lines cut to a readable length
    // (a failing case can carry a request of many kilobytes).
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      process.stdout.write(text.replace(/^(.{300}).+$/gm, '$1…'));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 2, output }));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
