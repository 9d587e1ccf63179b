// Nothing that belongs to the server reaches a browser file: no API key handling, no signing, no
// emulator defaults. Reads the built files (npm test builds first; run `npm run build` otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const dist = path.join(root, 'dist');

/** Every .js/.mjs under dist/ that a browser loads (all but dist/server). */
function browserFiles(dir = dist) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return file === path.join(dist, 'server') || name === 'types' ? [] : browserFiles(file);
    return /\.(m?js)$/.test(name) ? [file] : [];
  });
}

test('the browser bundles carry no server code and no secret', { skip: !existsSync(dist) && 'run npm run build first' }, () => {
  const files = browserFiles();
  assert.ok(files.some((f) => f.endsWith('gcore-uploader.min.js')), 'the CDN file is there');
  const forbidden = [
    ['Authorization header with the API key', /APIKey /],
    ['the server helper', /createUploadHandler|createGcoreClient|signStatusUrl/],
    ['HMAC signing', /HMAC|createHmac/],
    ["Gcore's API origin", /api\.gcore\.com/],
    ["the emulator's default key", /emulator-key/],
  ];
  for (const file of files) {
    if (file.endsWith('hls.mjs')) continue; // hls.js as published by its authors
    const code = readFileSync(file, 'utf8');
    for (const [what, pattern] of forbidden) assert.doesNotMatch(code, pattern, `${what} in ${path.relative(root, file)}`);
  }
});

test('the server entry is built apart, and it is where the API key is used', { skip: !existsSync(dist) && 'run npm run build first' }, () => {
  const server = readFileSync(path.join(dist, 'server/index.js'), 'utf8');
  assert.match(server, /APIKey /);
});
