/**
 * One JSON request to the developer's backend (session, import, details): JSON both ways, same-origin
 * credentials, the caller's signal. Resolves with the answer and its text (whatever the status); rejects
 * with the cause only when no answer arrived, for the caller to name in its own error code.
 */
export async function sendJson(method: 'POST' | 'PATCH', url: string, body: unknown, signal?: AbortSignal): Promise<{ response: Response; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
    signal,
  });
  return { response, text: await response.text().catch(() => '') };
}
