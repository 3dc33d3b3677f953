/** The boundaries of house-style.md, checked with the lint. */
module.exports = {
  forbidden: [
    {
      name: 'common-is-pure',
      comment: 'services/common is the contract: it imports nothing of ours and no AWS SDK, express or pino.',
      severity: 'error',
      from: { path: '^services/common' },
      to: { pathNot: ['^services/common', '^node_modules/zod', 'node:'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'invariants-see-only-the-contract',
      comment:
        'Checkers are pure functions of a history; they may import only services/common. invariants/cli.ts is the main of `check` and uses the run writers of reports/.',
      severity: 'error',
      from: { path: '^invariants', pathNot: '^invariants/cli\\.ts$' },
      to: { path: '^(services/(?!common/)|stack|scenarios|reports|analytics|gate|node_modules/@aws-sdk)' },
    },
    {
      name: 'services-do-not-know-the-harness',
      comment: 'Production code of the services never imports the harness; their tests may use it.',
      severity: 'error',
      from: { path: '^services', pathNot: '\\.test\\.ts$' },
      to: { path: '^(scenarios|invariants|reports|analytics)' },
    },
    {
      name: 'runbooks-reach-services-through-the-seam',
      comment:
        'Runbooks verify a system through its public surfaces (scenarios/system is the seam): they never import the reference ingest, worker or DynamoDB adapters; the AWS client factory (services/aws/clients, aws-target) is how anyone reaches the table, the queues and the bucket, and services/aws/queue-depth the one read of the depth of a queue. The bug zoo, the crashing worker and the fixtures that start the reference as a foreign system are test wiring and may.',
      severity: 'error',
      from: {
        path: '^scenarios',
        pathNot: [
          '\\.test\\.ts$',
          '^scenarios/mutants/',
          '^scenarios/chaos/processes/',
          '^scenarios/conformance/external-fixtures\\.ts$',
        ],
      },
      to: { path: '^services/(ingest|worker|aws/(?!(clients|aws-target|queue-depth)\\.ts$))' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(node_modules|reports/runs|\\.tools|\\.venv)' },
  },
};
