// G0 spike for teams who bring their own k6 (the harness never installs it; its own load driver,
// scenarios/load, runs the same modes by default). Every iteration is a new random user who logs
// in and participates once, so that idempotency cannot filter the spike away.
//
// MODE=spike  closed model: VUS virtual users for DURATION (the runbook's 300 VUs / 60 s)
// MODE=open   open model: ramping-arrival-rate up to RATE/s (k6 reports dropped iterations)
// MODE=probe  constant-arrival-rate RATE/s for DURATION: the same light load, worker off and on
// MODE=storm  one user's token from VUS clients for DURATION: every answer the same requestId
//
// Run it by hand against the stack:  source .stack/current/endpoints.env
//   k6 run -e BASE_URL=$INGEST_URL -e EVENT_ID=EVT-009 k6/g0_spike_participation.js
//
// Each answer is written as one JSON line to the console output (run with --console-output FILE
// --log-format raw) so that the harness can check every (userId, requestId) a client received.
import { check } from 'k6';
import http from 'k6/http';
import { Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const EVENT_ID = __ENV.EVENT_ID || 'EVT-009';
const MODE = __ENV.MODE || 'spike';
const VUS = Number(__ENV.VUS || 300);
const DURATION = __ENV.DURATION || '60s';
const RATE = Number(__ENV.RATE || 200);
const RUN_TAG = __ENV.RUN_TAG || `${Date.now()}`;
const SUMMARY_FILE = __ENV.SUMMARY_FILE || 'k6-summary.json';

const participationDuration = new Trend('participation_duration', true);

function scenarioFor(mode) {
  if (mode === 'open') {
    return {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.round(RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: VUS,
      maxVUs: VUS,
      stages: [
        { target: RATE, duration: '5s' },
        { target: RATE, duration: DURATION },
      ],
    };
  }
  if (mode === 'probe') {
    return {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: VUS,
      maxVUs: VUS,
    };
  }
  return { executor: 'constant-vus', vus: VUS, duration: DURATION };
}

// The storm's one login happens once, before the VUs start; its token is shared by all of them.
export function setup() {
  if (MODE !== 'storm') return {};
  const userId = `k6-${RUN_TAG}-storm`;
  const login = http.post(`${BASE_URL}/auth/login`, JSON.stringify({ userId }), {
    headers: { 'Content-Type': 'application/json' },
    tags: { name: 'login' },
  });
  return { userId, token: login.status === 200 ? login.json('accessToken') : undefined };
}

export const options = {
  scenarios: { participation: scenarioFor(MODE) },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(50)', 'p(95)', 'p(99)', 'max'],
  // Runs are judged by the harness from the records below; k6 should not abort a run early.
  noConnectionReuse: false,
};

export default function (data) {
  if (MODE === 'storm') {
    if (!data.token) {
      check(null, { 'login 200': () => false });
      return;
    }
    participate(data.userId, data.token);
    return;
  }
  const userId = `k6-${RUN_TAG}-${__VU}-${__ITER}-${Math.random().toString(36).slice(2, 8)}`;
  const login = http.post(`${BASE_URL}/auth/login`, JSON.stringify({ userId }), {
    headers: { 'Content-Type': 'application/json' },
    tags: { name: 'login' },
  });
  const token = login.status === 200 ? login.json('accessToken') : undefined;
  if (!token) {
    record(userId, login, undefined, false, 'login');
    check(login, { 'login 200': () => false });
    return;
  }
  participate(userId, token);
}

function participate(userId, token) {
  const res = http.post(`${BASE_URL}/events/${EVENT_ID}/participations`, null, {
    headers: { Authorization: `Bearer ${token}` },
    tags: { name: 'participate' },
  });
  participationDuration.add(res.timings.duration);
  let body;
  try {
    body = res.json();
  } catch (_) {
    body = undefined;
  }
  const requestId = body && typeof body.requestId === 'string' ? body.requestId : undefined;
  const hasStatus = Boolean(body && Object.hasOwn(body, 'status'));
  check(res, {
    '202 accepted': (r) => r.status === 202,
    'has requestId': () => requestId !== undefined,
    'no status field': () => !hasStatus,
  });
  record(userId, res, requestId, hasStatus, 'participate');
}

function record(userId, res, requestId, hasStatus, step) {
  console.log(
    JSON.stringify({
      f: step,
      u: userId,
      s: res.status,
      r: requestId,
      hs: hasStatus,
      t: Date.now(),
      d: Math.round(res.timings.duration * 100) / 100,
      e: res.error_code || undefined,
    }),
  );
}

export function handleSummary(data) {
  const m = data.metrics;
  const trend = m.participation_duration ? m.participation_duration.values : {};
  const lines = [
    `k6 ${MODE}: ${m.iterations ? m.iterations.values.count : 0} iterations, ` +
      `${m.http_reqs ? m.http_reqs.values.count : 0} requests, ` +
      `failed ${((m.http_req_failed ? m.http_req_failed.values.rate : 0) * 100).toFixed(2)}%, ` +
      `checks ${((m.checks ? m.checks.values.rate : 0) * 100).toFixed(2)}%`,
    `participation p50 ${fmt(trend['p(50)'])} ms, p95 ${fmt(trend['p(95)'])} ms, p99 ${fmt(trend['p(99)'])} ms` +
      (m.dropped_iterations ? `, dropped iterations ${m.dropped_iterations.values.count}` : ''),
  ];
  return { stdout: `${lines.join('\n')}\n`, [SUMMARY_FILE]: JSON.stringify(data, null, 2) };
}

function fmt(value) {
  return value === undefined ? '-' : value.toFixed(1);
}
