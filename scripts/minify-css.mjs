// A Vite plugin for the builds: collapses the white space of Lit `css` template literals (the element's
// styles are about 6 KB of readable CSS), so the published files carry no indentation. No
// interpolations are touched: a literal with `${` is left as it is.
export function minifyLitCss() {
  return {
    name: 'minify-lit-css',
    transform(code, id) {
      if (!/\.styles\.ts$/.test(id)) return null;
      const out = code.replace(/css`([^`]*)`/g, (whole, body) => {
        if (body.includes('${')) return whole;
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
      return { code: out, map: null };
    },
  };
}
