// What every browser bundle of the element resolves differently from Node: tus-js-client's ES
// module source instead of its Babel ES5 build (which carries a regenerator runtime and helpers),
// and two of its CommonJS dependencies replaced by shims over what browsers have natively.
// Used by vite (builds, npm start), web-test-runner, the benchmark and the size check, so that
// tests exercise exactly what ships.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export const browserAliases = {
  'tus-js-client': path.join(root, 'node_modules/tus-js-client/lib/browser/index.js'),
  'js-base64': path.join(root, 'src/shims/js-base64.ts'),
  'url-parse': path.join(root, 'src/shims/url-parse.ts'),
};
