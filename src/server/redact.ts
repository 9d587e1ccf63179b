/**
 * Guards what leaves the server: credentials and secrets are replaced by `[redacted]` before any text
 * (a Gcore error, a network error, an answer) is cut to length, logged or sent; and the human part of
 * a Gcore error body is found here.
 */

/** What `[redacted]` replaces: API keys and credentials in `Authorization` / `APIKey` header values. */
const CREDENTIAL_PATTERNS: RegExp[] = [
  // `Authorization: APIKey 123$abc`, `"authorization":"Bearer x"`, `APIKey: 123$abc`, `apikey=…`
  /\b(authorization|apikey|api[_-]key|x-api-key)(["']?\s*[:=]\s*["']?)((?:apikey|bearer|basic|token)\s+)?(?!\[redacted\]|(?:apikey|bearer|basic|token)\s+\[redacted\])[^\s"',;}\]]+/gi,
  // `APIKey 123$abc` in running text
  /\b(apikey|bearer)(\s+)()(?!\[redacted\])[^\s"',;}\]]{6,}/gi,
];

/**
 * `text` with every `secrets` string and every credential-looking header value replaced by
 * `[redacted]`. Done before anything is cut to length, so no part of a secret survives a cut.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (typeof s === 'string' && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const pattern of CREDENTIAL_PATTERNS) out = out.replace(pattern, (_m, name: string, sep: string, scheme = '') => `${name}${sep}${scheme}[redacted]`);
  return out;
}

/** `value` (a parsed answer) with `redactSecrets` applied to every string in it. */
export function redactDeep(value: unknown, secrets: readonly (string | undefined)[], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (depth > 20 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redactSecrets(k, secrets)] = redactDeep(v, secrets, depth + 1);
  return out;
}

/**
 * The human part of a Gcore error body: `{error}`, `{message}`, `{detail}`, `{errors: {field: [..]}}` or
 * text, at most 500 characters. Credentials (and `secrets`) are redacted first, then the text is cut.
 */
export function gcoreErrorText(body: unknown, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(fullErrorText(body), secrets).slice(0, 500);
}

function fullErrorText(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  if (!body || typeof body !== 'object') return '';
  const b = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'errors']) {
    const value = b[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const nested = value as Record<string, unknown>;
      if (typeof nested.message === 'string') return nested.message;
      // {"errors": {"name": ["can't be blank"]}}
      const parts = Object.entries(nested).map(([field, v]) => `${field} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
      if (parts.length) return parts.join('; ');
    }
    if (Array.isArray(value) && value.length) return value.map(String).join('; ');
  }
  return '';
}
