// createRedisRateLimitStore against a real redis-server (started here on a free 127.0.0.1 port, stopped
// in `after`), with both client libraries an app may pass: node-redis and ioredis. Also the in-memory
// store's bounded memory, and the handler sharing one Redis budget between two "processes".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis as IORedis } from 'ioredis';
import { createClient } from 'redis';
import { addressKey, createMemoryRateLimitStore, createRedisRateLimitStore, createUploadHandler } from '../../../src/server/index.ts';
import { ALLOW_ALL, SECRET, jsonPost, read } from './helpers.mjs';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on a free port; resolves {port, stop()} once it accepts connections. */
async function startRedis() {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server is not installed at ${REDIS_SERVER}: these tests need a real Redis (apt-get install redis-server, or set REDIS_SERVER). CI installs it.`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      child.stdout.on('data', () => {
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    const stop = () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    if (ready) return { port, stop };
    await stop();
    if (!/Address already in use/.test(output)) throw new Error(`redis-server did not start:\n${output}`);
  }
  throw new Error('redis-server found no free port');
}

describe('createRedisRateLimitStore with a real redis-server', { timeout: 60_000 }, () => {
  let redis;
  const clients = {};
  before(async () => {
    redis = await startRedis();
    clients['node-redis'] = await createClient({ url: `redis://127.0.0.1:${redis.port}` }).connect();
    clients.ioredis = new IORedis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await clients.ioredis.connect();
  });
  after(async () => {
    await clients['node-redis']?.close().catch(() => {});
    clients.ioredis?.disconnect();
    await redis?.stop();
  });

  for (const lib of ['node-redis', 'ioredis']) {
    test(`${lib}: a fixed window per key; one atomic script; the window expires`, async () => {
      const client = clients[lib];
      const prefix = `t:${lib}:${Date.now()}:`;
      const store = createRedisRateLimitStore(client, { prefix });
      const rule = { limit: 3, windowSeconds: 60 };
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await store.take('client:a', 1, rule));
      assert.deepEqual(
        results.map((r) => r.ok),
        [true, true, true, false, false],
      );
      assert.equal(results[0].retryAfterSeconds, 0);
      assert.ok(results[3].retryAfterSeconds >= 59 && results[3].retryAfterSeconds <= 60, String(results[3].retryAfterSeconds));
      assert.equal((await store.take('client:b', 1, rule)).ok, true, 'keys are counted apart');
      // The key carries an expiry (PEXPIRE on creation) and the counter.
      const key = `${prefix}60:client:a`;
      const ttl = lib === 'ioredis' ? await client.pttl(key) : await client.pTTL(key);
      assert.ok(ttl > 55_000 && ttl <= 60_000, `PTTL ${ttl}`);
      assert.equal(Number(await client.get(key)), 5);
      // Cost > 1.
      assert.equal((await store.take('client:c', 3, rule)).ok, true);
      assert.equal((await store.take('client:c', 1, rule)).ok, false);

      // Atomic: 40 takes at once, limit 10 → exactly 10 pass.
      const burst = await Promise.all(Array.from({ length: 40 }, () => store.take('client:burst', 1, { limit: 10, windowSeconds: 60 })));
      assert.equal(burst.filter((r) => r.ok).length, 10);

      // A short window ends: the key starts over.
      const short = { limit: 1, windowSeconds: 0.3 };
      assert.equal((await store.take('client:short', 1, short)).ok, true);
      const no = await store.take('client:short', 1, short);
      assert.equal(no.ok, false);
      assert.equal(no.retryAfterSeconds, 1, 'rounded up to a whole second');
      await new Promise((r) => setTimeout(r, 450));
      assert.equal((await store.take('client:short', 1, short)).ok, true);
    });
  }

  test('the handler with a Redis store: two handlers ("processes") share the per-handler budget; Redis gone → 503', async () => {
    const created = [];
    const fakeGcore = {
      async createVideo(v) {
        created.push(v.name);
        return { id: created.length, name: v.name, client_id: 1 };
      },
      async getUploadSession(id) {
        return { servers: [{ hostname: 'u:1', role: 'upload', active: true }], token: 't', video: { id, client_id: 1, name: 'n' } };
      },
      async getVideo(id) {
        return { id, name: 'n' };
      },
      async deleteVideo() {},
      async importFromUrl(v) {
        return this.createVideo(v);
      },
    };
    const prefix = `t:shared:${Date.now()}:`;
    const make = (client) =>
      createUploadHandler({
        client: fakeGcore,
        secret: SECRET,
        authorize: ALLOW_ALL,
        clientKey: (request) => request.headers.get('x-user'),
        rateLimit: { perClient: 2, perHandler: 3, windowSeconds: 60, store: createRedisRateLimitStore(client, { prefix }) },
        onError: () => {},
      });
    const a = make(clients['node-redis']);
    const b = make(clients.ioredis);
    const body = { name: 'v.mp4', size: 1, type: 'video/mp4' };
    const go = async (h, user) => read(await h(jsonPost('http://h/session', body, { 'x-user': user })));
    assert.equal((await go(a, 'u1')).status, 200);
    assert.equal((await go(b, 'u1')).status, 200);
    const third = await go(a, 'u1');
    assert.equal(third.status, 429, 'u1 spent its 2 across both processes');
    assert.equal(third.body.error.code, 'rate-limited');
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
    assert.equal((await go(b, 'u2')).status, 200);
    const fourth = await go(a, 'u3');
    assert.equal(fourth.status, 429, 'the handlers share 3');
    assert.equal(created.length, 3, 'refused requests created nothing');

    // Redis unreachable: refuse (503), do not let everything through.
    const gone = await createClient({ url: `redis://127.0.0.1:${redis.port}` }).connect();
    await gone.close();
    const down = await go(make(gone), 'u9');
    assert.equal(down.status, 503);
    assert.equal(down.body.error.code, 'rate-limit-unavailable');
    assert.equal(created.length, 3);
  });

  test('a client that is neither is refused at once', () => {
    assert.throws(() => createRedisRateLimitStore({}), /node-redis|ioredis/);
    assert.throws(() => createRedisRateLimitStore(null), /node-redis|ioredis/);
  });
});

describe('the in-memory store and client keys', { timeout: 30_000 }, () => {
  test('windows end, and memory stays bounded (expired windows go first, then the oldest)', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 100, now: () => now });
    const rule = { limit: 2, windowSeconds: 10 };
    assert.deepEqual(
      [await store.take('a', 1, rule), await store.take('a', 1, rule), await store.take('a', 1, rule)].map((r) => r.ok),
      [true, true, false],
    );
    assert.equal((await store.take('a', 1, rule)).retryAfterSeconds, 10);
    now = 10_000;
    assert.equal((await store.take('a', 1, rule)).ok, true, 'a new window');
    for (let i = 0; i < 1000; i++) await store.take(`k${i}`, 1, rule);
    assert.ok(store.size <= 100, `size ${store.size}`);
    now = 100_000;
    await store.take('fresh', 1, rule);
    for (let i = 0; i < 99; i++) await store.take(`new${i}`, 1, rule);
    assert.ok(store.size <= 100);
    assert.equal((await store.take('fresh', 1, rule)).ok, true, 'live windows are kept over expired ones');
  });

  test('client addresses: IPv4 as is (also mapped), IPv6 by /64', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2::9'), addressKey('2001:0db8:0001:0002:ffff::1'));
    assert.equal(addressKey('[2001:db8::1]'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  });
});
