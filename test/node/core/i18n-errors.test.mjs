// Every error reads in the page's language: each code, and each of its reasons (ERROR_REASONS, with
// sample values), through every locale. A missing key fails; so does English left in another language.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_MESSAGES, ERROR_REASONS, errorText, GcoreUploaderError } from '../../../src/errors.ts';
import { LOCALES } from '../../../src/i18n/locales.ts';

const CODES = Object.keys(ERROR_MESSAGES);
const SAMPLE = { status: 404, count: 5, asset: 'status.mjs' };
// Words of English sentences that no other locale's sentence has (product and field names aside).
const ENGLISH = /\b(the|could|not|was|has|is|this|from|with|there|refused|answered|reach|lost|file|upload(ed)?|server|session|request(s)?|failed|try|again)\b/i;
const ALLOWED = /\b(session|session-url|getSession|servers|token|video|status_url|client_id|import-url|JSON|HLS|DASH|MP4|MOV|MKV|WebM|Gcore|HTTP|id)\b/g;

/** Every error the code can make: its own sentence, and one per reason. */
function variants(code) {
  const reasons = ERROR_REASONS[code] ?? {};
  return [
    { code, params: {} },
    ...Object.entries(reasons).map(([reason, names]) => ({ code, params: { reason, ...Object.fromEntries(names.map((n) => [n, SAMPLE[n]])) } })),
  ];
}

describe('core: every error code in every locale', { timeout: 30_000 }, () => {
  test('every locale has a sentence for every code and every reason, with the same values', () => {
    for (const [name, table] of Object.entries(LOCALES)) {
      assert.deepEqual(Object.keys(table.errors).sort(), [...CODES].sort(), `${name}: errors`);
      assert.deepEqual(Object.keys(table.errorReasons).sort(), Object.keys(ERROR_REASONS).sort(), `${name}: errorReasons`);
      for (const [code, reasons] of Object.entries(ERROR_REASONS)) {
        assert.deepEqual(Object.keys(table.errorReasons[code]).sort(), Object.keys(reasons).sort(), `${name}: ${code}`);
        for (const [reason, names] of Object.entries(reasons)) {
          const entry = table.errorReasons[code][reason];
          if (names.length === 0) assert.equal(typeof entry, 'string', `${name}: ${code}/${reason}`);
          else assert.equal(entry.length, names.length, `${name}: ${code}/${reason} takes ${names.join(', ')}`);
        }
      }
    }
  });

  for (const [name, table] of Object.entries(LOCALES).filter(([n]) => n !== 'en')) {
    test(`${name}: no English left, values shown`, () => {
      for (const code of CODES) {
        for (const error of variants(code)) {
          const what = `${code}${error.params.reason ? `/${error.params.reason}` : ''}`;
          const text = errorText(table, error);
          const english = errorText(LOCALES.en, error);
          assert.ok(text && text.trim() === text, `${name} ${what}: empty or padded`);
          assert.notEqual(text, english, `${name} ${what} is the English sentence`);
          const leftover = text.replace(ALLOWED, '').match(ENGLISH);
          if (!(name === 'de' && /Upload|Server/.test(leftover?.[0] ?? ''))) assert.equal(leftover, null, `${name} ${what}: English "${leftover?.[0]}" in: ${text}`);
          for (const value of Object.values(error.params).filter((v) => typeof v === 'number')) assert.ok(text.includes(String(value)), `${name} ${what} leaves out ${value}`);
        }
      }
    });
  }

  test('an error from a server, with its status, reads in German and keeps the English message for developers', () => {
    const error = new GcoreUploaderError('session-request-failed', { status: 404, params: { reason: 'refused' } });
    assert.equal(error.message, 'The server refused an upload session (HTTP 404).');
    assert.equal(errorText(LOCALES.de, error), 'Der Server hat die Upload-Sitzung verweigert (HTTP 404).');
    assert.deepEqual({ code: error.code, status: error.status, retryable: error.retryable }, { code: 'session-request-failed', status: 404, retryable: true });
    const thrown = new GcoreUploaderError('session-request-failed', { params: { reason: 'thrown', detail: 'not logged in' } });
    assert.equal(thrown.message, 'Could not get an upload session. (not logged in)');
    assert.ok(!errorText(LOCALES.fr, thrown).includes('not logged in'), 'developer details stay out of the UI');
  });

  test('an unknown reason falls back to the code’s sentence', () => {
    assert.equal(errorText(LOCALES.ru, { code: 'network', params: { reason: 'whatever' } }), LOCALES.ru.errors.network);
  });
});
