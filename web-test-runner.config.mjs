import { esbuildPlugin } from '@web/dev-server-esbuild';
import { gcorePlugin } from './test/support/wtr-gcore-plugin.mjs';
import { prebundlePlugin } from './test/support/wtr-prebundle-plugin.mjs';
import path from 'node:path';
import { browserAliases } from './scripts/aliases.mjs';
import { emulatorPlugin } from './test/support/wtr-emulator-plugin.mjs';
import { hlsPlugin } from './test/support/wtr-hls-plugin.mjs';
import { esmCdnPlugin } from './test/support/wtr-esm-cdn-plugin.mjs';
import { enginePlugin, launchers } from './test/support/launchers/index.mjs';

// Debian's Chromium, Firefox ESR and WebKitGTK, never a downloaded browser (test/support/launchers/).
// TEST_ENGINES=chromium,firefox,webkit (the default) picks which, in that order.
export { CHROMIUM_ARGS } from './test/support/launchers/puppeteer.mjs';

const gcore = gcorePlugin();
const emulator = emulatorPlugin();

export default {
  middleware: [gcore.middleware, emulator.middleware],
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  // Tests share one upload server and two cores: one file at a time, one browser at a time, keeps them honest and steady.
  concurrency: 1,
  concurrentBrowsers: 1,
  // A browser that cannot start fails its files within this, with the launcher's message.
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // A test file that has not finished by then is failed (a hung page: WebKit's launcher then starts MiniBrowser again).
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: launchers(),
  plugins: [
    // The same module graph as the published bundles: tus-js-client's ES source and the shims.
    {
      name: 'browser-aliases',
      resolveImport: ({ source }) => (browserAliases[source] ? `/${path.relative(process.cwd(), browserAliases[source]).split(path.sep).join('/')}` : undefined),
    },
    // Vue's default ESM build is for bundlers (process.env checks); its browser ESM build needs nothing.
    { name: 'vue-esm-browser', resolveImport: ({ source }) => (source === 'vue' ? '/node_modules/vue/dist/vue.esm-browser.js' : undefined) },
    // React is CommonJS: served as ES modules, one shared copy.
    prebundlePlugin(['react', 'react-dom/client']),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    gcore,
    emulator,
    hlsPlugin(),
    // The package as an ES-module CDN serves it (`+esm`), for test/includes.test.ts.
    esmCdnPlugin(),
    enginePlugin(),
  ],
};
