// Small statistics for the benchmark: medians, spreads and paired ratios over rounds.

export const MiB = 1 << 20;

/** The median of the finite numbers in `xs`, or null. */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** [min, max] of the finite numbers in `xs`, or null. */
export function spread(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return s.length ? [Math.min(...s), Math.max(...s)] : null;
}

export const mibps = (bytes, ms) => (ms > 0 ? bytes / MiB / (ms / 1000) : null);

/**
 * Paired ratios: for each round where both ran, `numerator[i] / denominator[i]` (times in ms, so
 * `paired(other, element)` > 1 means the element was faster). Rounds where either failed are skipped.
 * @returns {{median: number|null, min: number|null, max: number|null, rounds: (number|null)[]}}
 */
export function paired(numerator, denominator) {
  const rounds = numerator.map((n, i) => {
    const d = denominator?.[i];
    return Number.isFinite(n) && Number.isFinite(d) && d > 0 ? n / d : null;
  });
  const [min, max] = spread(rounds) ?? [null, null];
  return { median: median(rounds), min, max, rounds };
}

export const round = (n, digits = 3) => (n == null || !Number.isFinite(n) ? null : Number(n.toFixed(digits)));

/** `0.97 (0.95–0.99)` or `n/a`. */
export function ratioText(r, digits = 2) {
  if (!r || r.median == null) return 'n/a';
  if (r.min == null || r.min === r.max) return r.median.toFixed(digits);
  return `${r.median.toFixed(digits)} (${r.min.toFixed(digits)}–${r.max.toFixed(digits)})`;
}

/** 1 536 000 → `1.46 MiB`, 12 345 → `12.1 KiB`. */
export function bytesText(n) {
  if (n == null || !Number.isFinite(n)) return 'n/a';
  const a = Math.abs(n);
  if (a >= MiB) return `${(n / MiB).toFixed(2)} MiB`;
  if (a >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** 10 000 000 → `10 MB` (whole MB, as chunk sizes are given), anything else as bytesText. */
export function sizeText(n) {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6} MB` : bytesText(n);
}

/** A run of PATCH sizes, compressed: `1.00 MiB, 4.00 MiB, 16.0 MiB ×3, 5.20 MiB`. */
export function chunkSizesText(sizes, max = 8) {
  if (!sizes?.length) return '–';
  const runs = [];
  for (const s of sizes) {
    const last = runs[runs.length - 1];
    if (last && last.size === s) last.n++;
    else runs.push({ size: s, n: 1 });
  }
  const fmt = (s) => (typeof s === 'string' ? s : sizeText(s));
  const parts = runs.map((r) => (r.n > 1 ? `${fmt(r.size)} ×${r.n}` : fmt(r.size)));
  return parts.length > max ? `${parts.slice(0, max - 1).join(', ')}, … ${parts[parts.length - 1]} (${sizes.length} PATCHes)` : parts.join(', ');
}
