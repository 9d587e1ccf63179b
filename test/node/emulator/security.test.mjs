// The emulator is a local server holding an API key: CORS only for the demo's origin (and origins given
// with --allow-origin), a random key generated at the first start and kept in <dataDir>/api-key, and a
// clear message (exit code 1) when a port it needs is taken, from `npm run emulator` and `npm start`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, withEmulator } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A port something already listens on; `t.after` frees it. */
async function busyPort(t) {
  const server = net.createServer((s) => s.destroy());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return server.address().port;
}

/** Runs a node script; resolves {code, stdout, stderr} when it exits, or kills it after `timeoutMs`. */
function run(args, { env = {}, timeoutMs = 30_000, until } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGTERM');
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      if (until?.test(stdout)) kill();
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(kill, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout, stderr });
    });
  });
}

describe('the emulator is not an open door', { timeout: 90_000 }, () => {
  test('CORS: only allowed origins; a request with any other Origin is refused (403) and creates nothing', async (t) => {
    const emu = await withEmulator(t, { allowOrigins: ['http://127.0.0.1:5173', 'https://my-app.example'] });
    for (const origin of ['http://127.0.0.1:5173', 'https://my-app.example']) {
      const pre = await fetch(`${emu.apiOrigin}/streaming/videos`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), origin);
      assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/);
      const ok = await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'ok' } }, headers: { Origin: origin } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), origin);
    }
    const count = emu.store.all().length;
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:5174', 'https://my-app.example.evil.example']) {
      const pre = await fetch(`${emu.apiOrigin}/streaming/videos`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      assert.equal(pre.status, 403, origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), null, origin);
      const post = await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'x' } }, headers: { Origin: origin } });
      assert.equal(post.status, 403, origin);
      assert.equal(post.headers.get('access-control-allow-origin'), null);
      const list = await call(emu, 'GET', '/streaming/videos', { headers: { Origin: origin } });
      assert.equal(list.status, 403);
    }
    assert.equal(emu.store.all().length, count, 'nothing was created from a foreign origin');
    // Without Origin (server-side callers, curl) the key is what counts, as before.
    assert.equal((await call(emu, 'GET', '/streaming/videos')).status, 200);
  });

  test('no well-known key: a random one is generated at the first start, kept in <dataDir>/api-key (0600), reused after a restart', async (t) => {
    const saved = process.env.GCORE_API_KEY;
    delete process.env.GCORE_API_KEY;
    t.after(() => {
      if (saved !== undefined) process.env.GCORE_API_KEY = saved;
    });
    const first = await withEmulator(t, { apiKey: undefined, keepDataDir: true });
    assert.match(first.apiKey, /^emu_[A-Za-z0-9_-]{32}$/);
    assert.equal(first.apiKeySource, 'generated');
    assert.equal(first.apiKeyFile, path.join(first.dataDir, 'api-key'));
    assert.equal((await readFile(first.apiKeyFile, 'utf8')).trim(), first.apiKey);
    assert.equal((await stat(first.apiKeyFile)).mode & 0o777, 0o600);
    assert.equal((await call(first, 'GET', '/streaming/videos', { key: 'emulator-key' })).status, 401, 'the old default key is gone');
    assert.equal((await call(first, 'GET', '/streaming/videos')).status, 200);
    await first.close();
    const again = await withEmulator(t, { apiKey: undefined, dataDir: first.dataDir });
    assert.equal(again.apiKey, first.apiKey);
    assert.equal(again.apiKeySource, 'file');
    const other = await withEmulator(t, { apiKey: undefined });
    assert.notEqual(other.apiKey, first.apiKey, 'each data dir has its own key');
  });

  test('npm run emulator: prints the generated key; --allow-origin is repeatable', async (t) => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-cli-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const env = { GCORE_API_KEY: '' };
    const r = await run(['demo/emulator/cli.mjs', '--api-port', '0', '--upload-port', '0', '--data-dir', dir, '--allow-origin', 'https://a.example', '--allow-origin', 'https://b.example'], {
      env,
      until: /Webhook:/,
    });
    assert.ok(r.killed, r.stderr);
    const key = (await readFile(path.join(dir, 'api-key'), 'utf8')).trim();
    assert.match(r.stdout, new RegExp(`API key:\\s+${key}`));
    assert.match(r.stdout, /CORS:\s+http:\/\/127\.0\.0\.1:5173, http:\/\/localhost:5173, https:\/\/a\.example, https:\/\/b\.example/);
  });

  test('a busy port: `npm run emulator` and `npm start` say which port and how to pick others, and exit 1', async (t) => {
    const busy = await busyPort(t);
    const { mkdtemp, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-busy-'));
    t.after(() => rm(dir, { recursive: true, force: true }));

    const cli = await run(['demo/emulator/cli.mjs', '--api-port', String(busy), '--upload-port', '0', '--data-dir', dir]);
    assert.equal(cli.code, 1, cli.stderr);
    assert.match(cli.stderr, new RegExp(`Port ${busy} is already in use: the emulator API port`));
    assert.match(cli.stderr, /EMULATOR_API_PORT=\d+/);
    assert.doesNotMatch(cli.stderr, /uncaught|at .*\(node:/, 'no stack trace');

    const env = { EMULATOR_DATA_DIR: dir, GCORE_API_KEY: '' };
    const emuBusy = await run(['--import', 'tsx', 'demo/start.mjs'], { env: { ...env, EMULATOR_API_PORT: '0', EMULATOR_UPLOAD_PORT: String(busy), DEMO_PORT: '0' } });
    assert.equal(emuBusy.code, 1, emuBusy.stderr);
    assert.match(emuBusy.stderr, new RegExp(`Port ${busy} is already in use: the emulator upload port \\(EMULATOR_UPLOAD_PORT\\)`));
    assert.match(emuBusy.stderr, /EMULATOR_API_PORT=\d+ EMULATOR_UPLOAD_PORT=\d+ DEMO_PORT=\d+ npm start/);
    assert.doesNotMatch(emuBusy.stderr, /uncaught/);

    const demoBusy = await run(['--import', 'tsx', 'demo/start.mjs'], { env: { ...env, EMULATOR_API_PORT: '0', EMULATOR_UPLOAD_PORT: '0', DEMO_PORT: String(busy) }, timeoutMs: 60_000 });
    assert.equal(demoBusy.code, 1, demoBusy.stderr);
    assert.match(demoBusy.stderr, new RegExp(`Port ${busy} is already in use: the demo page port \\(DEMO_PORT\\)`));
  });
});
