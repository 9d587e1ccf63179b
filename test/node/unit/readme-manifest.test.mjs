// The README documents the public API: every attribute, event, CSS part, CSS custom property and slot
// that custom-elements.json (generated from the element's JSDoc) lists must appear in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

function manifest() {
  // A fresh manifest from the source, so the test never reads a stale build output.
  const out = mkdtempSync(path.join(os.tmpdir(), 'cem-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--globs', 'src/gcore-uploader.ts', '--outdir', path.relative(root, out)], {
      cwd: root,
      stdio: 'ignore',
    });
    return JSON.parse(readFileSync(path.join(out, 'custom-elements.json'), 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const element = manifest()
  .modules.flatMap((m) => m.declarations ?? [])
  .find((d) => d.tagName === 'gcore-uploader');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const documented = (name) => readme.includes(`\`${name}\``);

test('the manifest describes <gcore-uploader>', () => {
  assert.ok(element, 'gcore-uploader is in custom-elements.json');
  assert.ok(element.events.length >= 12);
  assert.ok(element.cssParts.length >= 10);
});

for (const [kind, list] of [
  ['attribute', element.attributes],
  ['event', element.events],
  ['CSS part', element.cssParts],
  ['CSS custom property', element.cssProperties],
  ['slot', element.slots],
]) {
  test(`every ${kind} in the manifest is in the README`, () => {
    const missing = (list ?? []).map((x) => x.name).filter((name) => !documented(name));
    assert.deepEqual(missing, [], `${kind}s missing from README.md`);
  });
}

test('every public property and method is in the README', () => {
  const members = (element.members ?? []).filter((m) => !m.static && (!m.privacy || m.privacy === 'public') && !m.name.startsWith('_'));
  const missing = members.map((m) => m.name).filter((name) => !documented(name) && !documented(`${name}()`) && !new RegExp(`\`${name}\\(`).test(readme));
  assert.deepEqual(missing, []);
});
