/**
 * The gate's Lua scripts. Each returns a plain Redis reply (integers, bulk strings, arrays):
 * a Lua table with named fields such as the guide's `{ok = rank}` is not an array, so Redis
 * turns `{ok = ...}` into a status reply and drops every other field.
 *
 * Scores and other integers go to Redis through string.format('%d'): a Lua number passed to
 * redis.call is formatted with %.14g and would lose digits beyond 10^14.
 */

export interface GateScript {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly source: string;
}

/**
 * Redis's own clock in ms (TIME answers seconds and microseconds), so that every gate process
 * reads one clock. Sets `nowMs`.
 */
const NOW_MS = `local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Where a waiting user stands, the opening of STATUS and ENTER (KEYS[1] queue, KEYS[2] user,
 * ARGV[1] userId, ARGV[2] token). It answers at once for a user it does not know, a token that
 * is not the user's and a user already admitted; otherwise it sets `rank`, the place in the queue.
 */
const WAITING_RANK = `local rec = redis.call('HMGET', KEYS[2], 'token', 'ticket')
if not rec[1] then return {'UNKNOWN'} end
if rec[1] ~= ARGV[2] then return {'TOKEN_MISMATCH'} end
if rec[2] then return {'ADMITTED', rec[2]} end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return {'UNKNOWN'} end`;

/**
 * Atomic dedupe + enqueue with an exact score.
 * KEYS: seq, queue, user   ARGV: userId, token, ttlSeconds
 * Reply: {created 1|0, token, seq, rank (-1 when no longer waiting)}
 */
export const ENQUEUE: GateScript = {
  name: 'enqueue',
  numberOfKeys: 3,
  source: `
local existing = redis.call('HMGET', KEYS[3], 'token', 'seq')
if existing[1] then
  local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  return {0, existing[1], tonumber(existing[2]), rank or -1}
end
local seq = redis.call('INCR', KEYS[1])
if seq > 9007199254740991 then
  return redis.error_reply('SCORE_OUT_OF_RANGE sequence above 2^53 - 1')
end
local score = string.format('%d', seq)
redis.call('ZADD', KEYS[2], score, ARGV[1])
redis.call('HSET', KEYS[3], 'token', ARGV[2], 'seq', score)
redis.call('EXPIRE', KEYS[3], ARGV[3])
return {1, ARGV[2], seq, redis.call('ZRANK', KEYS[2], ARGV[1])}
`,
};

/**
 * KEYS: queue, user   ARGV: userId, token
 * Reply: {'WAITING', rank, waitingCount} | {'ADMITTED', ticket} | {'UNKNOWN'} | {'TOKEN_MISMATCH'}
 */
export const STATUS: GateScript = {
  name: 'status',
  numberOfKeys: 2,
  source: `
${WAITING_RANK}
return {'WAITING', rank, redis.call('ZCARD', KEYS[1])}
`,
};

/**
 * Admission: the user must be among the first `window` waiting, and the event's token bucket
 * must hold a token. Entering twice answers the same ticket.
 *
 *   bucket: tokens += elapsedMs * ratePerSecond / 1000, capped at capacity; one per admission
 *
 * KEYS: queue, user, bucket   ARGV: userId, token, window, capacity, ratePerSecond, ticket, ticketTtlSeconds
 * Reply: {'ADMITTED', ticket} | {'NOT_YET', rank} | {'RATE_LIMITED', retryAfterMs} | {'UNKNOWN'} | {'TOKEN_MISMATCH'}
 */
export const ENTER: GateScript = {
  name: 'enter',
  numberOfKeys: 3,
  source: `
${WAITING_RANK}
if rank >= tonumber(ARGV[3]) then return {'NOT_YET', rank} end
${NOW_MS}
local capacity = tonumber(ARGV[4])
local rate = tonumber(ARGV[5])
local b = redis.call('HMGET', KEYS[3], 'tokens', 'at')
local tokens = tonumber(b[1]) or capacity
local at = tonumber(b[2]) or nowMs
if nowMs > at then tokens = math.min(capacity, tokens + (nowMs - at) * rate / 1000) end
local atText = string.format('%d', math.max(at, nowMs))
if tokens < 1 then
  redis.call('HSET', KEYS[3], 'tokens', tostring(tokens), 'at', atText)
  return {'RATE_LIMITED', math.ceil((1 - tokens) * 1000 / rate)}
end
redis.call('HSET', KEYS[3], 'tokens', tostring(tokens - 1), 'at', atText)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'ticket', ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[7])
return {'ADMITTED', ARGV[6]}
`,
};

/** KEYS: queue, user   ARGV: userId, token   Reply: 1 left | 0 unknown | -1 token mismatch */
export const LEAVE: GateScript = {
  name: 'leave',
  numberOfKeys: 2,
  source: `
local token = redis.call('HGET', KEYS[2], 'token')
if not token then return 0 end
if token ~= ARGV[2] then return -1 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`,
};

/**
 * Atomic seat hold. Lapsed holds give their seat back first; the inventory is checked before it
 * is decremented, so it is never below zero, not even inside the script.
 *
 *   hold ----------- expiresAt (now + ttlMs) ---- reaped by the next hold/release: seat returned
 *
 * KEYS: inventory, holds   ARGV: userId, ttlMs, reapLimit
 * Reply: {1 held | 2 already held | 0 sold out, remaining, expiresAtMs (0 when sold out)}
 */
export const HOLD: GateScript = {
  name: 'hold',
  numberOfKeys: 2,
  source: `
${NOW_MS}
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', nowMs), 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('INCR', KEYS[1])
end
local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
if current then return {2, left, tonumber(current)} end
if left <= 0 then return {0, 0, 0} end
local remaining = redis.call('DECR', KEYS[1])
local expiresAt = nowMs + tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], string.format('%d', expiresAt), ARGV[1])
return {1, remaining, expiresAt}
`,
};

/** KEYS: inventory, holds   ARGV: userId   Reply: {1 released | 0 no hold, remaining} */
export const RELEASE: GateScript = {
  name: 'release',
  numberOfKeys: 2,
  source: `
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
  return {1, redis.call('INCR', KEYS[1])}
end
return {0, tonumber(redis.call('GET', KEYS[1]) or '0')}
`,
};

/**
 * Per-user producer: numbers the user's messages and appends to the user's partition in one step,
 * so stream order and per-user numbers agree.
 * KEYS: stream, userSeq   ARGV: userId, payload   Reply: {entryId, n}
 */
export const PUBLISH: GateScript = {
  name: 'publish',
  numberOfKeys: 2,
  source: `
local n = redis.call('INCR', KEYS[2])
local id = redis.call('XADD', KEYS[1], '*', 'user', ARGV[1], 'n', string.format('%d', n), 'payload', ARGV[2])
return {id, n}
`,
};

/**
 * Idempotent consumer effect: appends n to the user's applied log unless n is not newer than the
 * last one applied (a redelivery after a crash between apply and XACK).
 * KEYS: applied   ARGV: n   Reply: 1 applied | 0 duplicate
 */
export const APPLY: GateScript = {
  name: 'apply',
  numberOfKeys: 1,
  source: `
local last = redis.call('LINDEX', KEYS[1], -1)
if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`,
};

export const ALL_SCRIPTS = [ENQUEUE, STATUS, ENTER, LEAVE, HOLD, RELEASE, PUBLISH, APPLY] as const;
