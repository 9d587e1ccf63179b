import { defineConfig } from 'vite';

// `npm start` serves index.html and demo/ with this config; `npm run build` (scripts/build.mjs) uses
// it for the ESM build and derives the CDN build from it.
export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  build: {
    target: 'es2021',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts' },
      formats: ['es'],
    },
    rollupOptions: {
      // The ESM build leaves dependencies to the app's bundler; the CDN build bundles them.
      external: [/^lit($|\/)/, /^@lit\//, 'tus-js-client', /^hls\.js($|\/)/],
    },
  },
});
