// Every entry point imports in plain Node (no DOM), as server rendering (Next.js, Nuxt, Astro, Remix…)
// and tests do: nothing throws, and no `window` or `document` appears. Each entry is imported in a fresh
// Node process (through tsx), so one entry cannot hide what another one does to the globals.
//
// `customElements`: Lit's Node build (the `node` export condition of lit / @lit/reactive-element) sets
// `globalThis.customElements ??= <@lit-labs/ssr-dom-shim registry>` on import, for Lit SSR. That is not a DOM
// (no window, no document, nothing renders), so the browser entries may leave that shim and nothing else;
// the server entry must not load Lit at all.
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const DOM_GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'customElements', 'localStorage', 'location', 'self'];

/** Imports `entry` in a new Node process and reports what it exported and which globals it added. */
function importInFreshNode(entry) {
  const url = pathToFileURL(path.join(root, entry)).href;
  const script = `
    const DOM = ${JSON.stringify(DOM_GLOBALS)};
    const before = new Set(Reflect.ownKeys(globalThis).map(String));
    const domBefore = Object.fromEntries(DOM.map((k) => [k, typeof globalThis[k]]));
    const mod = await import(${JSON.stringify(url)});
    const added = Reflect.ownKeys(globalThis).map(String).filter((k) => !before.has(k));
    const domAfter = Object.fromEntries(DOM.map((k) => [k, typeof globalThis[k]]));
    let customElementsIsLitShim = null;
    let defined = null;
    if (globalThis.customElements) {
      const shim = await import('@lit-labs/ssr-dom-shim');
      customElementsIsLitShim = globalThis.customElements === shim.customElements;
      defined = globalThis.customElements.get?.('gcore-uploader')?.name ?? null;
    }
    process.stdout.write(JSON.stringify({ exports: Object.keys(mod).sort(), added, domBefore, domAfter, customElementsIsLitShim, defined }));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`importing ${entry} in Node failed:\n${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

function assertNoDom(result, { allowLitShim }) {
  assert.equal(result.domBefore.window, 'undefined', 'Node itself has no window');
  assert.equal(result.domAfter.window, 'undefined', 'no global window was created');
  assert.equal(result.domAfter.document, 'undefined', 'no global document was created');
  assert.equal(result.domAfter.localStorage, 'undefined', 'no global localStorage was created');
  assert.equal(result.domAfter.location, 'undefined', 'no global location was created');
  if (allowLitShim && result.domAfter.customElements !== 'undefined') {
    assert.equal(result.customElementsIsLitShim, true, "the only customElements is Lit's SSR shim registry");
  } else {
    assert.equal(result.domAfter.customElements, 'undefined', 'no global customElements was created');
  }
}

describe('entry points import in Node without a DOM', { concurrency: true }, () => {
  it('src/index.ts (gcore-uploader)', async () => {
    const result = await importInFreshNode('src/index.ts');
    assertNoDom(result, { allowLitShim: true });
    for (const name of ['GcoreUploader', 'defineGcoreUploader', 'TAG_NAME', 'GcoreUploaderError', 'parseSession']) {
      assert.ok(result.exports.includes(name), `exports ${name}`);
    }
    // defineGcoreUploader() only ever registers into Lit's shim registry here, which is what Lit SSR reads.
    if (result.customElementsIsLitShim) assert.equal(result.defined, 'GcoreUploader');
  });

  it('src/react/index.ts (gcore-uploader/react)', async () => {
    const result = await importInFreshNode('src/react/index.ts');
    assertNoDom(result, { allowLitShim: true });
    assert.ok(result.exports.includes('GcoreUploader'), 'exports GcoreUploader');
  });

  it('src/server/index.ts (gcore-uploader/server) loads no Lit and no DOM shim at all', async () => {
    const result = await importInFreshNode('src/server/index.ts');
    assertNoDom(result, { allowLitShim: false });
    assert.deepEqual(result.added.filter((k) => /^lit|customElements/.test(k)), [], 'no Lit globals');
    assert.ok(result.exports.includes('createUploadHandler'), 'exports createUploadHandler');
  });

  it('the React wrapper renders to an HTML string on the server', async () => {
    const script = `
      const React = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { GcoreUploader } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/react/index.ts')).href)});
      const html = renderToString(React.createElement(GcoreUploader, { sessionUrl: '/api/session', id: 'u', onUploadSuccess() {} }));
      process.stdout.write(JSON.stringify({ html, window: typeof window, document: typeof document }));
    `;
    const out = await new Promise((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout)),
      ),
    );
    assert.match(out.html, /^<gcore-uploader\b[^>]*\bid="u"[^>]*><\/gcore-uploader>$/);
    assert.equal(out.window, 'undefined');
    assert.equal(out.document, 'undefined');
  });
});
