// The contract of the emulator's answers: Gcore's own OpenAPI description (streaming-openapi.yaml) is
// read here, without dependencies, and an answer is checked against the schema of its operation's
// response. Not a test file itself; details.test.mjs (and others) call `checkAnswer`.
//
// The spec is read from $GCORE_OPENAPI, else from the project's copy (test/fixtures/gcore/); `loadSpec()`
// resolves null when neither exists (the contract tests then fail).
//
// `parseYaml` reads the YAML this file is written in (block mappings and sequences, compact "- key:"
// items, literal and folded block scalars, quoted and multi-line plain scalars, one-line flow
// collections, comments). On the whole spec it gives exactly what PyYAML's safe_load gives (checked
// when it was written; the contract tests also check that it finds the operations they need).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

// A copy of Gcore's spec is kept in test/fixtures/gcore/ so the contract holds on any machine.
export const SPEC_CANDIDATES = [process.env.GCORE_OPENAPI, new URL('../../fixtures/gcore/streaming-openapi.yaml', import.meta.url).pathname].filter(Boolean);

// ---------------------------------------------------------------------------------------------------
// YAML (the subset the spec uses)

const indentOf = (line) => line.length - line.trimStart().length;
const isBlank = (line) => line.trim() === '' || line.trimStart().startsWith('#');

function plainScalar(text) {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(t)) return NaN;
  return t;
}

/** Strips a trailing ` # comment` from a plain scalar (quotes are handled elsewhere). */
const stripComment = (text) => text.replace(/\s+#.*$/, '');

function unescapeDouble(s) {
  const simple = { 0: '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e in simple) return simple[e];
    throw new SyntaxError(`unknown escape \\${e}`);
  });
}

/** Folds the lines of a multi-line flow scalar: one break → a space, n breaks → n-1 newlines. */
function foldLines(parts) {
  let out = '';
  let breaks = 0;
  parts.forEach((p, i) => {
    const piece = i === 0 ? p.replace(/[ \t]+$/, '') : i === parts.length - 1 ? p.replace(/^[ \t]+/, '') : p.trim();
    if (i > 0 && piece === '' && i < parts.length - 1) {
      breaks++;
      return;
    }
    if (i > 0) out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    breaks = 0;
    out += piece;
  });
  return out;
}

/** Parses YAML text (the subset described above) into plain JS values. */
export function parseYaml(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;

  const skipBlank = () => {
    while (i < lines.length && isBlank(lines[i])) i++;
  };

  function quoted(startLine, startCol) {
    // A quoted scalar from lines[startLine][startCol] (the quote), possibly over several lines.
    const q = lines[startLine][startCol];
    const parts = [];
    let line = startLine;
    let col = startCol + 1;
    for (;;) {
      const s = lines[line];
      let j = col;
      let piece = '';
      while (j < s.length) {
        const c = s[j];
        if (q === "'" && c === "'" && s[j + 1] === "'") {
          piece += "'";
          j += 2;
          continue;
        }
        if (q === '"' && c === '\\') {
          if (j === s.length - 1) break; // an escaped line break
          piece += s.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (c === q) {
          parts.push(piece);
          const joined = foldLines(parts);
          return { value: q === '"' ? unescapeDouble(joined) : joined, endLine: line, rest: s.slice(j + 1) };
        }
        piece += c;
        j++;
      }
      parts.push(piece);
      line++;
      col = 0;
      if (line >= lines.length) throw new SyntaxError(`unterminated quoted scalar at line ${startLine + 1}`);
    }
  }

  function flow(textValue) {
    let pos = 0;
    const ws = () => {
      while (pos < textValue.length && /\s/.test(textValue[pos])) pos++;
    };
    function value() {
      ws();
      const c = textValue[pos];
      if (c === '[') {
        pos++;
        const arr = [];
        for (;;) {
          ws();
          if (textValue[pos] === ']') return pos++, arr;
          arr.push(value());
          ws();
          if (textValue[pos] === ',') pos++;
        }
      }
      if (c === '{') {
        pos++;
        const obj = {};
        for (;;) {
          ws();
          if (textValue[pos] === '}') return pos++, obj;
          const k = value();
          ws();
          if (textValue[pos] === ':') pos++;
          obj[String(k)] = value();
          ws();
          if (textValue[pos] === ',') pos++;
        }
      }
      if (c === '"' || c === "'") {
        let j = pos + 1;
        let raw = '';
        while (j < textValue.length) {
          if (c === "'" && textValue[j] === "'" && textValue[j + 1] === "'") (raw += "'"), (j += 2);
          else if (c === '"' && textValue[j] === '\\') (raw += textValue.slice(j, j + 2)), (j += 2);
          else if (textValue[j] === c) break;
          else raw += textValue[j++];
        }
        pos = j + 1;
        return c === '"' ? unescapeDouble(raw) : raw;
      }
      const m = /^[^,\]}]*?(?=\s*(?:[,\]}]|:\s|$))/.exec(textValue.slice(pos));
      pos += m[0].length;
      return plainScalar(m[0]);
    }
    return value();
  }

  function blockScalar(header, parentIndent) {
    const m = /^([|>])([-+]?)(\d?)([-+]?)\s*(?:#.*)?$/.exec(header);
    const folded = m[1] === '>';
    const chomp = m[2] || m[4];
    let indent = m[3] ? parentIndent + Number(m[3]) : null;
    const body = [];
    while (i < lines.length) {
      const s = lines[i];
      if (s.trim() === '') {
        // Spaces past the indentation of a literal block are text.
        body.push(indent !== null && s.length > indent ? s.slice(indent) : '');
        i++;
        continue;
      }
      const ind = indentOf(s);
      if (indent === null) {
        if (ind <= parentIndent) break;
        indent = ind;
      }
      if (ind < indent) break;
      body.push(s.slice(indent));
      i++;
    }
    let trailing = 0;
    while (body.length && body[body.length - 1].trim() === '') body.pop(), trailing++;
    let out;
    if (!folded) out = body.join('\n');
    else {
      out = '';
      for (let k = 0; k < body.length; k++) {
        const line = body[k];
        if (k === 0) out = line;
        else {
          const prev = body[k - 1];
          const more = /^\s/.test(line) || /^\s/.test(prev);
          if (line === '') out += '\n';
          else if (prev === '' || more) out += (prev === '' && !more ? '' : '\n') + line;
          else out += ' ' + line;
        }
      }
    }
    if (body.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    if (chomp === '-') return out;
    if (chomp === '+') return out + '\n'.repeat(trailing + 1);
    return out + '\n';
  }

  /** The value after "key:" or "- " on line i at column `col` (text `rest`), for a node at `indent`. */
  function inlineValue(rest, indent) {
    const t = rest.trim();
    if (t === '' || t.startsWith('#')) {
      i++;
      skipBlank();
      if (i >= lines.length) return null;
      const next = lines[i];
      const ind = indentOf(next);
      if (ind > indent || (ind === indent && /^-(\s|$)/.test(next.trimStart()))) return node(ind);
      return null;
    }
    if (t[0] === '|' || t[0] === '>') {
      i++;
      return blockScalar(t, indent);
    }
    if (t[0] === '"' || t[0] === "'") {
      const col = lines[i].length - rest.trimStart().length;
      const q = quoted(i, col);
      i = q.endLine + 1;
      return q.value;
    }
    if (t[0] === '[' || t[0] === '{') {
      let joined = t;
      let depth = 0;
      const count = (s) => {
        for (const c of s) depth += c === '[' || c === '{' ? 1 : c === ']' || c === '}' ? -1 : 0;
      };
      count(t);
      i++;
      while (depth > 0 && i < lines.length) (joined += ' ' + lines[i].trim()), count(lines[i]), i++;
      return flow(joined);
    }
    // A plain scalar, maybe continued on more-indented lines.
    const parts = [stripComment(t)];
    i++;
    while (i < lines.length) {
      const s = lines[i];
      if (s.trim() === '') {
        // Blank lines inside a plain scalar only count if it goes on.
        let k = i;
        while (k < lines.length && lines[k].trim() === '') k++;
        if (k < lines.length && indentOf(lines[k]) > indent && !/^\S+:(\s|$)/.test(lines[k].trim())) {
          for (; i < k; i++) parts.push('');
          continue;
        }
        break;
      }
      if (indentOf(s) <= indent || s.trimStart().startsWith('#')) break;
      parts.push(stripComment(s.trim()));
      i++;
    }
    return parts.length === 1 ? plainScalar(parts[0]) : foldLines(parts);
  }

  const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:,[\]{}][^:#]*?|-[^\s:][^:#]*?))\s*:(?:\s+|$)/;

  function node(indent) {
    skipBlank();
    if (i >= lines.length) return null;
    const first = lines[i].slice(indent);
    if (/^-(\s|$)/.test(first)) {
      const arr = [];
      while (i < lines.length) {
        skipBlank();
        if (i >= lines.length || indentOf(lines[i]) !== indent || !/^-(\s|$)/.test(lines[i].slice(indent))) break;
        const after = lines[i].slice(indent + 1);
        const contentCol = indent + 1 + (after.length - after.trimStart().length);
        if (after.trim() === '' || after.trim().startsWith('#')) {
          arr.push(inlineValue('', indent));
          continue;
        }
        if (KEY.test(after.trimStart()) || /^-(\s|$)/.test(after.trimStart())) {
          // A compact mapping or sequence: the item's text as if it started its own line.
          lines[i] = ' '.repeat(contentCol) + after.trimStart();
          arr.push(node(contentCol));
        } else arr.push(inlineValue(after, indent));
      }
      return arr;
    }
    if (KEY.test(first)) {
      const obj = {};
      while (i < lines.length) {
        skipBlank();
        if (i >= lines.length || indentOf(lines[i]) !== indent) break;
        const s = lines[i].slice(indent);
        const m = KEY.exec(s);
        if (!m) break;
        const key = m[1] !== undefined ? unescapeDouble(m[1]) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trim();
        obj[key] = inlineValue(s.slice(m[0].length), indent);
      }
      return obj;
    }
    return inlineValue(first, indent - 1);
  }

  const value = node(0);
  skipBlank();
  if (i < lines.length) throw new SyntaxError(`unparsed YAML from line ${i + 1}: ${lines[i].slice(0, 80)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// The spec and its schemas

let specPromise;
/** Gcore's spec, parsed (cached), or null when no copy is found. */
export function loadSpec() {
  specPromise ??= (async () => {
    const file = SPEC_CANDIDATES.find((f) => existsSync(f));
    return file ? { file, doc: parseYaml(await readFile(file, 'utf8')) } : null;
  })();
  return specPromise;
}

/** Why the contract tests skip, or false when the spec is there (for `test(name, {skip})`). */

function resolve(doc, schema) {
  let s = schema;
  for (let n = 0; s && typeof s.$ref === 'string' && n < 50; n++) {
    const target = s.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const matchesType = (v, t) => t === typeOf(v) || (t === 'number' && typeof v === 'number');

/** Every property a schema (with its allOf/$ref branches) declares. */
function declaredProperties(doc, schema, out = new Set()) {
  const s = resolve(doc, schema);
  if (!s || typeof s !== 'object') return out;
  for (const k of Object.keys(s.properties ?? {})) out.add(k);
  for (const sub of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) declaredProperties(doc, sub, out);
  return out;
}

/**
 * Checks `value` against `schema` (resolving $ref, allOf, anyOf/oneOf, type, required, properties,
 * items, enum, minimum/maximum). Returns a list of problems ("$.a.b: …"), empty when it conforms.
 *
 * Gcore's spec is loose about null: it types many fields Gcore answers `null` (seed 004) as plain
 * strings or integers, so `null` is accepted for a property that is not required. Enums listing a
 * placeholder such as `<language_code>` are open. With `strict`, a property the schema does not
 * declare is a problem too (what catches a misspelt field), unless it is listed in `extra`.
 */
export function validate(doc, schema, value, { strict = false, extra = [], where = '$', property = false } = {}) {
  const problems = [];
  const s = resolve(doc, schema);
  if (!s || typeof s !== 'object') return problems;
  for (const sub of s.allOf ?? []) problems.push(...validate(doc, sub, value, { strict: false, where, property }));
  for (const key of ['anyOf', 'oneOf']) {
    if (!s[key]) continue;
    const fits = s[key].some((sub) => validate(doc, sub, value, { strict: false, where, property }).length === 0);
    if (!fits) problems.push(`${where}: matches none of ${key}`);
  }
  if (value === null) {
    const types = [].concat(s.type ?? []);
    const nullable = s.nullable === true || types.includes('null') || s.default === null || (s.enum ?? []).includes(null) || property;
    if (!nullable && types.length > 0) problems.push(`${where}: null where ${types.join('|')} is expected`);
    return problems;
  }
  const types = [].concat(s.type ?? []).filter((t) => t !== 'null');
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    problems.push(`${where}: ${typeOf(value)} ${JSON.stringify(value)?.slice(0, 60)} where ${types.join('|')} is expected`);
    return problems;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => typeof e === 'string' && /^<.*>$/.test(e)) && !s.enum.includes(value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) problems.push(`${where}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) problems.push(`${where}: ${value} > maximum ${s.maximum}`);
  }
  if (Array.isArray(value) && s.items) value.forEach((v, k) => problems.push(...validate(doc, s.items, v, { strict, extra, where: `${where}[${k}]` })));
  if (typeOf(value) === 'object') {
    for (const r of s.required ?? []) if (!(r in value)) problems.push(`${where}: required "${r}" is missing`);
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (k in value) problems.push(...validate(doc, sub, value[k], { strict, extra, where: `${where}.${k}`, property: !(s.required ?? []).includes(k) }));
    }
    if (strict) {
      const declared = declaredProperties(doc, schema);
      if (declared.size > 0) for (const k of Object.keys(value)) if (!declared.has(k) && !extra.includes(k)) problems.push(`${where}: "${k}" is not in the spec`);
    }
  }
  return problems;
}

/** The response schema of `method path` (the spec's template, e.g. /streaming/videos/{video_id}) for `status`. */
export function responseSchema(doc, method, path, status) {
  const op = doc.paths?.[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`the spec has no ${method} ${path}`);
  const res = op.responses?.[String(status)];
  if (!res) throw new Error(`the spec's ${method} ${path} has no ${status} answer (it has ${Object.keys(op.responses ?? {}).join(', ')})`);
  return res.content?.['application/json']?.schema ?? null;
}

/**
 * Checks an answer `{status, body}` of `method path` against the spec: the status must be one the
 * operation lists, and the body must match its schema (a status the spec gives no schema, like a
 * 204 or PATCH's 422 `content: {}`, is checked for its status only). Returns the problems (empty: conforms).
 */
export function checkAnswer(doc, method, path, answer, { strict = false, extra = [] } = {}) {
  let schema;
  try {
    schema = responseSchema(doc, method, path, answer.status);
  } catch (err) {
    return [err.message];
  }
  if (!schema) return [];
  return validate(doc, schema, answer.body, { strict, extra }).map((p) => `${method} ${path} ${answer.status}: ${p}`);
}

/** Fields of a video that Gcore answers (seed 004) but its spec does not list. */
export const SEED_004_EXTRAS = ['origin_audio_channels', 'origin_height', 'origin_width', 'clip_start_seconds', 'clip_duration_seconds'];
