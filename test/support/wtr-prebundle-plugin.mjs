// Serves some dependencies to the test browser as one ESM file each, bundled by esbuild for the browser.
// tus-js-client's browser build imports CommonJS packages (url-parse, js-base64…) that a dev server
// cannot serve as ES modules; the published bundles (vite build) resolve them the same way.
//
// CommonJS packages (react, react-dom/client) have no static exports, so `export * from` would export
// nothing: their export names are read by requiring the package in Node, and each becomes a named
// export (plus `default`, the whole module.exports). The listed packages never bundle one another:
// react-dom/client imports `/__prebundled/react.js` instead of a second copy of React (two copies of
// React break hooks).
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const IDENT = /^[A-Za-z_$][\w$]*$/;

export function prebundlePlugin(packages) {
  const cache = new Map();
  const urlOf = (name) => `/__prebundled/${name.replace(/\//g, '__')}.js`;

  const bundle = (contents, self, metafile = false) =>
    build({
      stdin: { contents, resolveDir: process.cwd() },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile,
      logLevel: 'silent',
      plugins: [shared(self)],
    });

  /**
   * The export names of a CommonJS package (as the browser build resolves it), or null for an ES module,
   * where `export *` works. Their names come from requiring the package in Node.
   */
  const formats = new Map();
  async function commonJsExports(name) {
    if (!formats.has(name)) {
      const probe = await bundle(`export * from ${JSON.stringify(name)};`, name, true);
      const exports = Object.values(probe.metafile.outputs)[0].exports;
      let names = null;
      if (exports.length === 0) {
        // In a child process: the package runs there, not in the test runner (whose console it would patch).
        const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(name)}))))`;
        const keys = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: process.cwd(), encoding: 'utf8' }));
        names = keys.filter((k) => IDENT.test(k) && k !== 'default');
      }
      formats.set(name, names);
    }
    return formats.get(name);
  }

  async function entryFor(name) {
    const spec = JSON.stringify(name);
    const names = await commonJsExports(name);
    if (!names) return `export * from ${spec};`;
    return `import m from ${spec};\nexport default m;\nexport const { ${names.join(', ')} } = m;`;
  }

  // Other listed packages are not bundled in: an ES module re-exporting the served file stands in for them.
  const shared = (self) => ({
    name: 'prebundle-shared',
    setup(b) {
      const others = packages.filter((p) => p !== self);
      if (others.length === 0) return;
      const filter = new RegExp(`^(${others.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'prebundle-shared' }));
      b.onLoad({ filter: /.*/, namespace: 'prebundle-shared' }, async (args) => {
        const url = JSON.stringify(urlOf(args.path));
        const hasDefault = (await commonJsExports(args.path)) !== null;
        return { contents: `export * from ${url};${hasDefault ? `\nexport { default } from ${url};` : ''}`, loader: 'js' };
      });
      b.onResolve({ filter: /^\/__prebundled\// }, (args) => ({ path: args.path, external: true }));
    },
  });

  return {
    name: 'prebundle',
    resolveImport({ source }) {
      if (packages.includes(source)) return urlOf(source);
    },
    async serve(context) {
      const name = packages.find((p) => context.path === urlOf(p));
      if (!name) return undefined;
      if (!cache.has(name)) {
        const result = await bundle(await entryFor(name), name);
        cache.set(name, result.outputFiles[0].text);
      }
      return { body: cache.get(name), type: 'js' };
    },
  };
}
