// Serves some dependencies to the test browser as one ESM file each, bundled by esbuild for the browser.
// tus-js-client's browser build imports CommonJS packages (url-parse, js-base64…) that a dev server
// cannot serve as ES modules; the published bundles (vite build) resolve them the same way.
import { build } from 'esbuild';

export function prebundlePlugin(packages) {
  const cache = new Map();
  const urlOf = (name) => `/__prebundled/${name.replace(/\//g, '__')}.js`;
  return {
    name: 'prebundle',
    resolveImport({ source }) {
      if (packages.includes(source)) return urlOf(source);
    },
    async serve(context) {
      const name = packages.find((p) => context.path === urlOf(p));
      if (!name) return undefined;
      if (!cache.has(name)) {
        const result = await build({
          stdin: { contents: `export * from ${JSON.stringify(name)};`, resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
          logLevel: 'silent',
        });
        cache.set(name, result.outputFiles[0].text);
      }
      return { body: cache.get(name), type: 'js' };
    },
  };
}
