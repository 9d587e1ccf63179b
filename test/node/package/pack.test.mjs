// The package as a new user gets it: `npm pack` (what `npm publish` uploads), installed into two scratch
// apps (a Vite + TypeScript page and a React 19 app) that type-check and build; `require()` of the server
// entry from CommonJS. Needs `npm run build` first (`npm test` builds before the Node tests; `prepack`
// builds on a real `npm pack`). Installs from the npm cache when it can (`--prefer-offline`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const versionOf = async (name) => JSON.parse(await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const VANILLA_MAIN = `import 'gcore-uploader';
import type { GcoreUploaderError } from 'gcore-uploader';

const el = document.createElement('gcore-uploader');
el.sessionUrl = '/api/gcore/session';
el.addEventListener('upload-success', (event) => {
  const id: string = event.detail.videoId;
  const name: string = event.detail.file.name;
  console.log(id, name);
});
el.addEventListener('upload-error', (event) => console.log(event.detail.code, event.detail.retryable));
el.addEventListener('click', (event) => console.log(event.clientX));
// The uploader's events are the uploader's own: other elements do not claim them.
// @ts-expect-error detail is not on a plain Event
document.body.addEventListener('upload-success', (event) => console.log(event.detail.videoId));
const failure: GcoreUploaderError | null = el.error;
console.log(failure?.code);
document.body.append(el);
`;

const REACT_MAIN = `import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { GcoreUploader } from 'gcore-uploader/react';

function App() {
  const [videoId, setVideoId] = React.useState<string | null>(null);
  return (
    <main>
      <GcoreUploader sessionUrl="/api/gcore/session" lang="en" onUploadSuccess={(event) => setVideoId(event.detail.videoId)} />
      {videoId ? <p>Uploaded {videoId}</p> : null}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
`;

const tsconfig = (jsx) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      ...(jsx ? { jsx: 'react-jsx' } : {}),
    },
    include: ['*.ts', '*.tsx'],
  });

describe('the published package', { timeout: 240_000 }, () => {
  let dir;
  let tarball;
  let files;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-pack-'));
    // --ignore-scripts: `npm test` has just built dist/; prepack would build it a second time.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root });
    const [info] = JSON.parse(stdout);
    tarball = path.join(dir, info.filename);
    files = info.files.map((f) => f.path);
    const app = path.join(dir, 'app');
    await mkdir(path.join(app, 'vanilla'), { recursive: true });
    await mkdir(path.join(app, 'react'), { recursive: true });
    const dependencies = { [pkg.name]: `file:${tarball}` };
    for (const name of ['vite', 'typescript', 'react', 'react-dom', '@types/react', '@types/react-dom']) dependencies[name] = await versionOf(name);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module', dependencies }));
    await writeFile(path.join(app, 'vanilla/index.html'), '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>');
    await writeFile(path.join(app, 'vanilla/main.ts'), VANILLA_MAIN);
    await writeFile(path.join(app, 'vanilla/tsconfig.json'), tsconfig(false));
    await writeFile(path.join(app, 'react/index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>');
    await writeFile(path.join(app, 'react/main.tsx'), REACT_MAIN);
    await writeFile(path.join(app, 'react/tsconfig.json'), tsconfig(true));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the tarball carries the builds, the types, the manifest and the licence', () => {
    for (const file of ['LICENSE', 'README.md', 'custom-elements.json', 'dist/index.js', 'dist/types/index.d.ts', 'dist/react/index.js', 'dist/server/index.js', 'dist/cdn/gcore-uploader.min.js', 'dist/cdn/hls.mjs', 'dist/cdn/locales/de.mjs']) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.equal(pkg.scripts.prepack, 'npm run build', 'npm pack builds first, so a fresh clone packs dist/ too');
    assert.equal(pkg.customElements, './custom-elements.json', 'customElements points at the shipped manifest');
    assert.equal(pkg.license, 'MIT');
  });

  test("require('gcore-uploader/server') works from CommonJS (Node's require of ESM)", async () => {
    const { stdout } = await run(process.execPath, ['-e', "const s = require('gcore-uploader/server'); console.log(typeof s.createUploadHandler, typeof s.toNodeHandler)"], {
      cwd: path.join(dir, 'app'),
    });
    assert.equal(stdout.trim(), 'function function');
  });

  for (const app of ['vanilla', 'react']) {
    test(`a fresh ${app === 'react' ? 'React 19' : 'Vite + TypeScript'} app type-checks (events typed, no casts) and builds`, async () => {
      const cwd = path.join(dir, 'app', app);
      const bin = (name) => path.join(dir, 'app/node_modules/.bin', name);
      await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd }).catch((err) => assert.fail(`tsc: ${err.stdout}${err.stderr}`));
      await run(bin('vite'), ['build', '--logLevel', 'error'], { cwd }).catch((err) => assert.fail(`vite build: ${err.stdout}${err.stderr}`));
      const assets = await readdir(path.join(cwd, 'dist/assets'));
      const js = await Promise.all(assets.filter((f) => f.endsWith('.js')).map((f) => readFile(path.join(cwd, 'dist/assets', f), 'utf8')));
      assert.ok(js.some((code) => code.includes('gcore-uploader')), 'the element is in the app bundle');
    });
  }
});
