/**
 * Authorize: who may create videos (`…/session`, `…/import`) on the Gcore account. The option is
 * required (a missing one fails at creation, with how to write one); per request a falsy answer or a
 * throw is 401, before any call to Gcore. Status URLs are authorized by their signature instead.
 */
import { HttpError } from '../responses.js';

const AUTHORIZE_MISSING =
  'createUploadHandler needs an `authorize(request)` function: it decides who may create videos on your Gcore account ' +
  "(and so spend your storage and transcoding). Check your app's session, e.g. " +
  "`authorize: async (request) => Boolean(await getSession(request.headers.get('cookie')))`. " +
  'To let anyone upload, pass `authorize: () => true` on purpose (see "Security" in the README).';

/** Throws at creation when `authorize` is not a function. */
export function checkAuthorizeOption(authorize: unknown): asserts authorize is (request: Request) => unknown {
  if (typeof authorize !== 'function') throw new TypeError(AUTHORIZE_MISSING);
}

/** 401 `unauthorized` unless `authorize(request)` answers truthy (a throw counts as no). */
export async function checkAuthorized(authorize: (request: Request) => unknown, request: Request): Promise<void> {
  let allowed: unknown;
  try {
    allowed = await authorize(request);
  } catch {
    allowed = false;
  }
  if (!allowed) throw new HttpError(401, 'unauthorized', 'This request is not authorized.');
}
