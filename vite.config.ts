import { defineConfig } from 'vite';
import { browserAliases } from './scripts/aliases.mjs';
import { minifyLitCss } from './scripts/minify-css.mjs';

// `npm start` serves index.html and demo/ with this config; `npm run build` (scripts/build.mjs) uses
// it for the ESM build and derives the CDN build from it.
export default defineConfig({
  // Lit's and Vue's production builds in the demo as well: a clean console (no dev-mode banner, no
  // feature-flag warning), as an app's own page would have.
  resolve: { alias: browserAliases, conditions: ['module', 'browser', 'production'] },
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  plugins: [minifyLitCss()],
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  build: {
    target: 'es2021',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', 'react/index': 'src/react/index.ts', 'core/index': 'src/core/index.ts' },
      formats: ['es'],
    },
    rollupOptions: {
      // Lit, React and hls.js are left to the app's bundler (shared with the app, hls.js split off);
      // tus-js-client is bundled from its ES source with the shims (see scripts/aliases.mjs).
      external: [/^lit($|\/)/, /^@lit\//, /^hls\.js($|\/)/, /^react($|\/)/, /^react-dom($|\/)/],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
