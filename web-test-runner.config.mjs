import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { gcorePlugin } from './test/support/wtr-gcore-plugin.mjs';
import { prebundlePlugin } from './test/support/wtr-prebundle-plugin.mjs';
import path from 'node:path';
import { browserAliases } from './scripts/aliases.mjs';
import { emulatorPlugin } from './test/support/wtr-emulator-plugin.mjs';
import { hlsPlugin } from './test/support/wtr-hls-plugin.mjs';

// Debian's Chromium, never a downloaded browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const gcore = gcorePlugin();
const emulator = emulatorPlugin();

export default {
  middleware: [gcore.middleware, emulator.middleware],
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  // Tests share one upload server and two cores: one file at a time keeps them honest and steady.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
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
  ],
};
