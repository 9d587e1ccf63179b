// The efficiency chart (docs/bench-efficiency.svg): per link, one bar per contender, the height its
// median paired ratio against one PUT on that link. Hand-written SVG, no dependency.

const COLORS = {
  rawTus1: '#9ecae1',
  rawTus10: '#4292c6',
  rawTusInf: '#08519c',
  rawTusProgress10: '#6baed6',
  rawTusAuto: '#3f007d',
  uppy1: '#fdae6b',
  uppy10: '#e6550d',
  element1: '#a1d99b',
  element10: '#41ab5d',
  elementAuto: '#006d2c',
};
const FALLBACK = ['#756bb1', '#bcbddc', '#636363', '#bdbdbd'];

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/**
 * @param {object} data
 * @param {{name: string, label: string}[]} data.links
 * @param {{name: string, label: string}[]} data.contenders   (PUT excluded: it is the 1.0 line)
 * @param {(link: string, contender: string) => number | null | undefined} data.value  efficiency, null = n/a
 * @param {string} [data.title]
 * @param {string} [data.subtitle]
 * @returns {string} SVG text
 */
export function efficiencyChart({ links, contenders, value, title = 'Upload efficiency against one PUT (median of paired ratios)', subtitle = '' }) {
  const barW = 14;
  const gap = 3;
  const groupPad = 26;
  const groupW = contenders.length * (barW + gap) - gap;
  const left = 56;
  const right = 96;
  const top = 84;
  const plotH = 260;
  const legendRows = Math.ceil(contenders.length / 3);
  const width = Math.max(640, left + links.length * (groupW + groupPad) + groupPad + right);
  const plotRight = width - right;
  const height = top + plotH + 48 + legendRows * 20 + 16;
  const values = links.flatMap((l) => contenders.map((c) => value(l.name, c.name))).filter((v) => Number.isFinite(v));
  // Up to 1.1, or a little above the largest bar (a contender can beat the PUT: it is noisy too).
  const yMax = Math.max(1.1, Math.ceil(((values.length ? Math.max(...values) : 0) + 0.1) * 4) / 4);
  const y = (v) => top + plotH - (Math.max(0, Math.min(v, yMax)) / yMax) * plotH;
  const color = (c, i) => COLORS[c] ?? FALLBACK[i % FALLBACK.length];

  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" role="img" aria-labelledby="t d">`,
  );
  out.push(`<title id="t">${esc(title)}</title><desc id="d">${esc(subtitle)}</desc>`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="${left}" y="24" font-size="15" font-weight="600" fill="#222">${esc(title)}</text>`);
  if (subtitle) out.push(`<text x="${left}" y="42" fill="#666">${esc(subtitle)}</text>`);

  // Grid and axis.
  for (let v = 0; v <= yMax + 1e-9; v += 0.25) {
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${left}" x2="${plotRight}" y1="${yy}" y2="${yy}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left - 6}" y="${(+yy + 4).toFixed(1)}" text-anchor="end" fill="#666">${v.toFixed(2)}</text>`);
  }
  const one = y(1).toFixed(1);
  out.push(`<line x1="${left}" x2="${plotRight}" y1="${one}" y2="${one}" stroke="#444" stroke-dasharray="5 4"/>`);
  out.push(`<text x="${plotRight + 6}" y="${(+one + 4).toFixed(1)}" fill="#444">one PUT</text>`);
  out.push(`<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#444">time of one PUT ÷ time of the contender</text>`);

  // Bars.
  links.forEach((link, li) => {
    const gx = left + groupPad + li * (groupW + groupPad);
    contenders.forEach((c, ci) => {
      const x = gx + ci * (barW + gap);
      const v = value(link.name, c.name);
      if (v == null || !Number.isFinite(v)) {
        out.push(`<text x="${x + barW / 2}" y="${top + plotH - 4}" text-anchor="middle" font-size="9" fill="#999" transform="rotate(-90 ${x + barW / 2} ${top + plotH - 4})" dx="12">n/a</text>`);
        return;
      }
      const yy = y(v);
      out.push(
        `<rect x="${x}" y="${yy.toFixed(1)}" width="${barW}" height="${(top + plotH - yy).toFixed(1)}" fill="${color(c.name, ci)}"><title>${esc(`${c.label} on ${link.label}: ${fmt(v)}`)}</title></rect>`,
      );
      out.push(
        `<text x="${x + barW / 2}" y="${(yy - 4).toFixed(1)}" dy="3" text-anchor="start" font-size="9" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke" transform="rotate(-90 ${x + barW / 2} ${(yy - 4).toFixed(1)})">${fmt(v)}</text>`,
      );
    });
    out.push(`<text x="${gx + groupW / 2}" y="${top + plotH + 18}" text-anchor="middle" fill="#222" font-weight="600">${esc(link.label)}</text>`);
  });
  out.push(`<line x1="${left}" x2="${plotRight}" y1="${top + plotH}" y2="${top + plotH}" stroke="#444"/>`);

  // Legend.
  const ly = top + plotH + 40;
  const colW = Math.floor((width - left) / 3);
  contenders.forEach((c, i) => {
    const lx = left + (i % 3) * colW;
    const lyy = ly + Math.floor(i / 3) * 20;
    out.push(`<rect x="${lx}" y="${lyy - 10}" width="12" height="12" fill="${color(c.name, i)}"/>`);
    out.push(`<text x="${lx + 18}" y="${lyy}" fill="#222">${esc(c.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
