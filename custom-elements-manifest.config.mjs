// custom-elements.json, from the element's JSDoc (`npm run build`). `packagejson: false`: the analyzer
// would otherwise rewrite package.json's `customElements` to wherever it was asked to write, and a build
// or a test must never change a tracked file.
export default {
  globs: ['src/gcore-uploader.ts'],
  litelement: true,
  outdir: '.',
  packagejson: false,
};
