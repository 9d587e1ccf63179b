// npm run build: the ESM build with types, the CDN bundle and the custom-elements manifest.
import { execFileSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import { build } from 'vite';
import { browserAliases } from './aliases.mjs';
import { minifyLitCss } from './minify-css.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

await rm('dist', { recursive: true, force: true });

// 1. ESM for bundlers (dependencies external), with source maps.
await build({ configFile: 'vite.config.ts', logLevel: 'warn' });

// 2. CDN: one classic script that bundles everything it needs and registers the element by itself.
const cdnDefine = { 'process.env.NODE_ENV': '"production"', __GCORE_CDN__: 'true' };
await build({
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: browserAliases },
  plugins: [minifyLitCss()],
  define: cdnDefine,
  build: {
    target: 'es2021',
    outDir: 'dist/cdn',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    lib: { entry: 'src/cdn.ts', name: 'GcoreUploaderCDN', formats: ['iife'], fileName: () => 'gcore-uploader.min.js' },
  },
});

// What the CDN file loads from next to it on first use (src/lazy.ts): the upload engine (tus-js-client and
// the job) and the frame part (a chosen file's first frame and duration, the leave-page warning), both
// fetched on idle once the element is on the page; the list of uploads an earlier page left unfinished
// with its Resume flow (`resume.mjs`, once the core lists one); the non-English texts (when a page asks
// for that language), the status poller (after an upload), the preview player (when a video is viewable)
// and the details panel (`details.mjs`, once the element has `details`). One build, so that these share
// their common modules in chunks/; the CDN file has its own copies.
await build({
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: browserAliases },
  define: cdnDefine,
  build: {
    target: 'es2021',
    outDir: 'dist/cdn',
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    lib: {
      entry: {
        ...Object.fromEntries(['de', 'es', 'fr', 'ru'].map((l) => [`locales/${l}`, `src/i18n/${l}.ts`])),
        upload: 'src/core/engine.ts',
        frame: 'src/controllers/local-frame-controller.ts',
        resume: 'src/controllers/unfinished-controller.ts',
        status: 'src/status/poller.ts',
        // The player and what the element does with it (player-part.ts).
        player: 'src/controllers/player-part.ts',
        // `details`: the panel, poster and subtitle checks, and the details client.
        details: 'src/details/index.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.mjs`,
    },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].mjs' } },
  },
});

// hls.js for the CDN file's preview, loaded from next to it on first use (never part of the CDN file):
// the light build for most videos, the full one when the master lists subtitles or alternate audio.
await copyFile('node_modules/hls.js/dist/hls.light.min.mjs', 'dist/cdn/hls-light.mjs');
await copyFile('node_modules/hls.js/dist/hls.min.mjs', 'dist/cdn/hls.mjs');

// 3. The server entry (`gcore-uploader/server`): Node/Fetch-API code, never in a browser bundle.
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    target: 'node20',
    outDir: 'dist/server',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    ssr: true,
    lib: { entry: 'src/server/index.ts', formats: ['es'], fileName: () => 'index.js' },
  },
});

// 3b. The headless core for Node (`gcore-uploader/core`'s `node` condition): DOM-free, with tus-js-client
// left to Node's resolution (its Node entry: Buffers, streams, node:http). Browsers get dist/core/index.js
// from step 1, which shares its chunks with the element.
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    target: 'node20',
    outDir: 'dist/core/node',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    ssr: true,
    lib: { entry: 'src/core/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rollupOptions: { external: [/^hls\.js($|\/)/], output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});

// 4. Types.
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

// 5. custom-elements.json from the JSDoc.
run('npx', ['cem', 'analyze']); // options in custom-elements-manifest.config.mjs
