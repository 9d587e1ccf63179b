/**
 * The rate limit's pluggable store: fixed windows counted in memory (the default, one process) or in
 * Redis (`createRedisRateLimitStore(client)`, shared between processes). The guard that uses it is
 * `rate-limit.ts`.
 *
 * A store is one method, `take(key, cost, rule)`: add `cost` to the key's counter for the current
 * window and say whether the counter is still within `rule.limit`.
 */

/** The window a key is counted in, and how much it may hold. */
export interface RateLimitRule {
  /** Most `cost` a key may take in one window. */
  limit: number;
  /** The window's length in seconds. */
  windowSeconds: number;
}

export interface RateLimitResult {
  /** True when the counter, this take included, is within the limit. */
  ok: boolean;
  /** Seconds until the key's window ends (0 when `ok`). */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  /** Adds `cost` to `key`'s counter in its current window (started by the first take). */
  take(key: string, cost: number, rule: RateLimitRule): Promise<RateLimitResult>;
}

const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Counts in this process's memory. Memory stays bounded: windows that ended are dropped as new keys
 * arrive, and past `maxKeys` live windows the oldest are dropped. On serverless platforms, where
 * every instance has its own memory, this limits nothing: use a shared store (Redis).
 */
export function createMemoryRateLimitStore(options: { maxKeys?: number; now?: () => number } = {}): RateLimitStore & { readonly size: number } {
  const maxKeys = Math.max(1, Math.floor(options.maxKeys ?? 10_000));
  const now = options.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function makeRoom(t: number) {
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
    // Still full of live windows: drop the oldest tenth (Map order is insertion order).
    if (windows.size >= maxKeys) {
      let drop = Math.max(1, Math.floor(maxKeys / 10));
      for (const key of windows.keys()) {
        windows.delete(key);
        if (--drop <= 0) break;
      }
    }
  }

  return {
    get size() {
      return windows.size;
    },
    async take(key, cost, rule) {
      const t = now();
      const k = `${rule.windowSeconds}:${key}`;
      let w = windows.get(k);
      if (w && w.resetAt <= t) {
        windows.delete(k);
        w = undefined;
      }
      if (!w) {
        if (windows.size >= maxKeys) makeRoom(t);
        w = { count: 0, resetAt: t + rule.windowSeconds * 1000 };
        windows.set(k, w);
      }
      w.count += cost;
      const ok = w.count <= rule.limit;
      return { ok, retryAfterSeconds: ok ? 0 : retryAfter(w.resetAt - t) };
    },
  };
}

/**
 * The Lua script of the Redis store: one atomic round trip per take. INCRBY the window's counter,
 * PEXPIRE it when this take created it (or when it somehow has no expiry), and answer [count, PTTL].
 */
export const REDIS_RATE_LIMIT_SCRIPT = `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == tonumber(ARGV[1]) or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {n, ttl}`;

/** The part of a node-redis (v4 and later) client used: `eval(script, {keys, arguments})`. */
export interface NodeRedisLikeClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The part of an ioredis client (or Cluster) used: `eval(script, numKeys, ...keys, ...args)`. */
export interface IoRedisLikeClient {
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  defineCommand(...args: unknown[]): unknown;
}

/**
 * A store in Redis, shared by every process that uses the same Redis: a fixed-window counter per key
 * and window, counted and expired atomically by one Lua script (EVAL). Pass the client your app
 * already has, connected: node-redis v4+ (`createClient()`) or ioredis (`new Redis()`); this package
 * imports neither. A Redis error makes the handler answer 503 `rate-limit-unavailable`.
 */
export function createRedisRateLimitStore(client: NodeRedisLikeClient | IoRedisLikeClient, options: { prefix?: string } = {}): RateLimitStore {
  const prefix = options.prefix ?? 'gcore-uploader:rate:';
  if (!client || typeof (client as { eval?: unknown }).eval !== 'function') {
    throw new TypeError('createRedisRateLimitStore needs a connected node-redis (v4+) or ioredis client.');
  }
  // ioredis (and its Cluster) has defineCommand; node-redis has neither it nor a numKeys-style eval.
  const ioredis = typeof (client as { defineCommand?: unknown }).defineCommand === 'function';
  const run = ioredis
    ? (key: string, args: string[]) => (client as IoRedisLikeClient).eval(REDIS_RATE_LIMIT_SCRIPT, 1, key, ...args)
    : (key: string, args: string[]) => (client as NodeRedisLikeClient).eval(REDIS_RATE_LIMIT_SCRIPT, { keys: [key], arguments: args });
  return {
    async take(key, cost, rule) {
      const windowMs = Math.max(1, Math.round(rule.windowSeconds * 1000));
      const reply = await run(`${prefix}${rule.windowSeconds}:${key}`, [String(Math.max(0, Math.floor(cost))), String(windowMs)]);
      if (!Array.isArray(reply) || reply.length < 2) throw new Error('The Redis rate-limit script answered something unexpected.');
      const count = Number(reply[0]);
      const ttl = Number(reply[1]);
      if (!Number.isFinite(count)) throw new Error('The Redis rate-limit script answered something unexpected.');
      const ok = count <= rule.limit;
      return { ok, retryAfterSeconds: ok ? 0 : retryAfter(Number.isFinite(ttl) && ttl > 0 ? ttl : windowMs) };
    },
  };
}
