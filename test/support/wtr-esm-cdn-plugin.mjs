// A web-test-runner plugin that serves the package the way an ES-module CDN (jsDelivr's `+esm`) does, so a
// test can `import` it from a URL of its own instead of from the project's files:
//   /esm-cdn/npm/gcore-uploader@<version>/+esm   the package's entry (dist/index.js), its imports rewritten
//   /esm-cdn/npm/gcore-uploader@<version>/<path> any published file (dist/…), raw as in the tarball
//   /esm-cdn/npm/<dependency>/+esm               a dependency (lit, hls.js…) bundled into one module
// Bare imports everywhere point at `/esm-cdn/npm/<name>/+esm`, and the entry's relative imports point at
// the files they name inside the package, which is what such a CDN does. Nothing is read from outside the
// package's published files and node_modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const PREFIX = '/esm-cdn/npm/';
const root = process.cwd();
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
export const ESM_CDN_ENTRY = `${PREFIX}${pkg.name}@${pkg.version}/+esm`;
const PACKAGE_BASE = `${PREFIX}${pkg.name}@${pkg.version}/`;

const isBare = (spec) => !spec.startsWith('.') && !spec.startsWith('/') && !/^[a-z]+:/.test(spec);

/** One module: `entry` with every import left external and rewritten by `rewrite(spec)`; dependencies bundled when `bundle`. */
async function serve(entry, { rewriteRelative, bundleDeps }) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [
      {
        name: 'cdn-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            if (isBare(args.path)) return { path: `${PREFIX}${args.path}/+esm`, external: true };
            if (bundleDeps) return undefined; // a dependency's own files go into its bundle
            return { path: rewriteRelative ? rewriteRelative(args.path) : args.path, external: true };
          });
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}

export function esmCdnPlugin() {
  return {
    name: 'esm-cdn',
    async serve(context) {
      const url = context.path;
      if (!url.startsWith(PREFIX)) return undefined;
      if (url === ESM_CDN_ENTRY) {
        const entryDir = path.posix.dirname(pkg.exports['.'].import); // ./dist
        const body = await serve(path.join(root, pkg.exports['.'].import), {
          rewriteRelative: (spec) => PACKAGE_BASE + path.posix.normalize(path.posix.join(entryDir, spec)).replace(/^\.\//, ''),
        });
        return { body, type: 'js', headers: { 'cache-control': 'no-store' } };
      }
      if (url.startsWith(PACKAGE_BASE)) {
        const rel = path.posix.normalize(url.slice(PACKAGE_BASE.length));
        if (!rel.startsWith('dist/') || rel.includes('..')) return { body: 'not published', status: 404 };
        const file = path.join(root, rel);
        try {
          if (/\.m?js$/.test(rel)) return { body: await serve(file, {}), type: 'js', headers: { 'cache-control': 'no-store' } };
          return { body: await readFile(file, 'utf8') };
        } catch {
          return { body: 'not found', status: 404 };
        }
      }
      if (url.endsWith('/+esm')) {
        const spec = url.slice(PREFIX.length, -'/+esm'.length);
        try {
          return { body: await serve(spec, { bundleDeps: true }), type: 'js', headers: { 'cache-control': 'no-store' } };
        } catch {
          return { body: `no such package: ${spec}`, status: 404 };
        }
      }
      return { body: 'not found', status: 404 };
    },
  };
}
