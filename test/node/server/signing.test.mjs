// Signed status URLs: HMAC-SHA256 over (video id, expiry), one video, until it expires.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signEditUrl, signStatusUrl, signVideoEdit, signVideoStatus, verifyEditSignature, verifyStatusSignature } from '../../../src/server/index.ts';

const SECRET = 'a-test-secret-of-enough-length';

function parts(statusUrl) {
  const url = new URL(statusUrl, 'http://x');
  return { path: url.pathname, exp: url.searchParams.get('exp'), sig: url.searchParams.get('sig') };
}

test('a status URL is <mount>/videos/<id>?exp&sig and verifies for its video only', { timeout: 30_000 }, async () => {
  const now = Date.UTC(2025, 0, 1);
  const u = await signStatusUrl('/api/gcore/', 42, SECRET, { now, ttlSeconds: 3600 });
  const { path, exp, sig } = parts(u);
  assert.equal(path, '/api/gcore/videos/42');
  assert.equal(Number(exp), now / 1000 + 3600);
  assert.match(sig, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(await verifyStatusSignature('42', exp, sig, SECRET, { now }), { ok: true, expiresAt: (now / 1000 + 3600) * 1000 });
  assert.deepEqual(await verifyStatusSignature(42, exp, sig, SECRET, { now }), { ok: true, expiresAt: (now / 1000 + 3600) * 1000 });
  // Another video, another expiry, another secret, a changed signature.
  assert.deepEqual(await verifyStatusSignature('43', exp, sig, SECRET, { now }), { ok: false, reason: 'invalid' });
  assert.deepEqual(await verifyStatusSignature('42', String(Number(exp) + 1), sig, SECRET, { now }), { ok: false, reason: 'invalid' });
  assert.deepEqual(await verifyStatusSignature('42', exp, sig, `${SECRET}!`, { now }), { ok: false, reason: 'invalid' });
  const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  assert.deepEqual(await verifyStatusSignature('42', exp, flipped, SECRET, { now }), { ok: false, reason: 'invalid' });
});

test('expired and malformed signatures are refused', { timeout: 30_000 }, async () => {
  const now = Date.now();
  const { exp, sig } = await signVideoStatus(7, SECRET, { now: now - 2 * 86400_000 });
  assert.deepEqual(await verifyStatusSignature(7, exp, sig, SECRET), { ok: false, reason: 'expired' });
  const fresh = await signVideoStatus(7, SECRET);
  assert.equal(fresh.exp, Math.floor(Date.now() / 1000 + 86400), 'default lifetime is 24 h');
  assert.equal((await verifyStatusSignature(7, fresh.exp, fresh.sig, SECRET, { now: fresh.exp * 1000 + 1 })).reason, 'expired');
  for (const [e, s] of [
    [null, fresh.sig],
    [fresh.exp, null],
    ['', fresh.sig],
    ['12x', fresh.sig],
    ['-5', fresh.sig],
    [fresh.exp, 'not base64url!'],
    [fresh.exp, fresh.sig.slice(0, 20)],
    [fresh.exp, 'A'.repeat(500)],
  ]) {
    assert.deepEqual(await verifyStatusSignature(7, e, s, SECRET), { ok: false, reason: 'malformed' }, `${e} ${s}`);
  }
});

test('a short or missing secret is refused at once', { timeout: 30_000 }, async () => {
  await assert.rejects(signVideoStatus(1, 'short'), TypeError);
  await assert.rejects(signVideoStatus(1, undefined), TypeError);
  await assert.rejects(verifyStatusSignature(1, '1', 'x', ''), TypeError);
});

test('edit URLs: the same shape, another purpose; a status signature never edits, an edit signature never reads', { timeout: 30_000 }, async () => {
  const now = Date.UTC(2025, 0, 1);
  const edit = parts(await signEditUrl('/api/gcore', 42, SECRET, { now }));
  const status = parts(await signStatusUrl('/api/gcore', 42, SECRET, { now }));
  assert.equal(edit.path, '/api/gcore/videos/42');
  assert.equal(Number(edit.exp), now / 1000 + 86400, 'default lifetime is 24 h');
  assert.equal(edit.exp, status.exp);
  assert.notEqual(edit.sig, status.sig, 'same video and expiry, different purpose: different MAC');
  assert.deepEqual(await verifyEditSignature(42, edit.exp, edit.sig, SECRET, { now }), { ok: true, expiresAt: Number(edit.exp) * 1000 });
  assert.deepEqual(await verifyEditSignature(42, status.exp, status.sig, SECRET, { now }), { ok: false, reason: 'invalid' });
  assert.deepEqual(await verifyStatusSignature(42, edit.exp, edit.sig, SECRET, { now }), { ok: false, reason: 'invalid' });
  assert.deepEqual(await verifyEditSignature(43, edit.exp, edit.sig, SECRET, { now }), { ok: false, reason: 'invalid' });
  const old = await signVideoEdit(42, SECRET, { now: now - 7200_000, ttlSeconds: 60 });
  assert.deepEqual(await verifyEditSignature(42, old.exp, old.sig, SECRET, { now }), { ok: false, reason: 'expired' });
  await assert.rejects(signVideoEdit(1, 'short'), TypeError);
  await assert.rejects(signVideoEdit(1, SECRET, { ttlSeconds: 0 }), TypeError);
});
