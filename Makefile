# Thin wrapper over npm scripts and the stack. Every target installs what it needs first.
SHELL := bash
export PATH := $(CURDIR)/.tools/bin:$(PATH)
SETUP := .tools/setup.stamp
# G0 knobs given on the command line (make g0 VUS=50) reach the runner through the environment.
# LOAD_MODE (spike, open, storm; K6_MODE is its old name), LOAD_TOOL (driver or k6) and K6_BINARY
# (default: k6 on PATH) choose the load; the harness never installs k6.
export VUS DURATION EVENT_ID CAPACITY LOAD_MODE K6_MODE LOAD_TOOL K6_BINARY LOAD_BASE_URL RATE WORKERS WORKER_CONCURRENCY MAX_RECEIVE_COUNT G0_PROFILE MUTANT
export G1_PROFILE POISON BUFFER_SECONDS SWALLOW_USERS
# REPORT_LANG=ko writes the reports in Korean.
export REPORT_LANG
export CHAOS_PROFILE SCENARIO SEED USERS LOAD_SECONDS FAULT
export SYSTEM WORKERS DRAIN_TIMEOUT_SECONDS TARGET
# The ingest's edge rate limit (off by default): make g0 RATE_LIMIT=on RATE_LIMIT_USER_PER_SECOND=2
export RATE_LIMIT RATE_LIMIT_USER_PER_SECOND RATE_LIMIT_USER_BURST RATE_LIMIT_GLOBAL_PER_SECOND RATE_LIMIT_GLOBAL_BURST

.PHONY: setup test check g0 g1 chaos gate up down bench redrive engine-check conformance deploy destroy template clean

$(SETUP): package.json package-lock.json $(wildcard scripts/*.sh)
	bash scripts/setup.sh
	@touch $@

setup: $(SETUP)

## make test: lint, types and unit tests, the CI profiles of every runbook (G0's and G1's folders
## re-judged by `check`, which must give the verdicts the run printed), then the integration tests.
test: $(SETUP)
	npm run check
	npm run lint:workflow
	npm run contract
	npm run g0 -- --profile ci
	npm run check:history -- reports/latest --same-as-run
	npm run g0:bug-check
	npm run g1 -- --profile ci
	npm run check:history -- reports/latest --same-as-run
	npm run localstack:check
	npm run chaos -- --profile ci
	npm run gate
	npm run report:check -- --latest-of g0,g1,chaos,gate
	npm run test:integration

## make check: lint, types and unit tests; make check RUN=<run-folder>: re-judge a recorded history.
check: $(SETUP)
	$(if $(RUN),npm run check:history -- $(RUN),npm run check)

## make g0: the G0 load-test runbook (VUS, DURATION, EVENT_ID, CAPACITY overridable).
g0: $(SETUP)
	npm run g0

## make g1: the analytics run (EventBridge -> Firehose -> S3 -> the Athena SQL on DuckDB).
g1: $(SETUP)
	npm run g1

## make chaos: the nemesis catalog (SCENARIO=<name> for one, SEED=<n> to replay a run).
chaos: $(SETUP)
	npm run chaos

## make gate: the Redis waiting-room gate's criteria against a real redis-server.
gate: $(SETUP)
	npm run gate

## make up / make down: the embedded stack with ingest and worker in the foreground.
up: $(SETUP)
	npm run stack -- up

down:
	npm run stack -- down

bench: $(SETUP)
	npm run bench:ingest
	npm run bench:worker
	npm run bench:storm
	npm run bench:gate
	npm run bench:load
	npm run bench:checkers

## make conformance SYSTEM=path/to/system.json: verify a pipeline the harness did not write.
conformance: $(SETUP)
	npm run conformance

## make engine-check: the DynamoDB engine conformance suite (AWS_ENDPOINT_URL_DYNAMODB, or the
## embedded engine; ENGINE=moto-threaded shows an engine that fails it). RATES=1 also measures.
engine-check: $(SETUP)
	npm run engine-check -- $(if $(ENGINE),--engine $(ENGINE)) $(if $(RATES),--rates)

## make deploy TARGET=aws STACK_NAME=<name> [DRY_RUN=1]: the CloudFormation stack rendered from
## stack/resources.ts, through a change set (default credential chain; DRY_RUN=1 prints the change
## set and deletes it). make destroy empties the bucket and deletes the stack. make template prints it.
deploy: $(SETUP)
	@[ "$(TARGET)" = aws ] || { echo "make deploy: only TARGET=aws deploys (got '$(TARGET)'); LocalStack is started by the runs themselves" >&2; exit 2; }
	npm run deploy -- deploy --stack-name "$(STACK_NAME)" $(if $(DRY_RUN),--dry-run)

destroy: $(SETUP)
	@[ "$(TARGET)" = aws ] || { echo "make destroy: only TARGET=aws (got '$(TARGET)')" >&2; exit 2; }
	npm run deploy -- destroy --stack-name "$(STACK_NAME)" $(if $(DRY_RUN),--dry-run)

template: $(SETUP)
	npm run template -- --variant $(or $(VARIANT),aws) $(if $(STACK_NAME),--prefix $(STACK_NAME)-)

redrive: $(SETUP)
	npm run redrive

clean:
	rm -rf .stack reports/runs reports/latest
