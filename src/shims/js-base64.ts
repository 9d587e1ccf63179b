// js-base64 as tus-js-client uses it — `Base64.encode(text)`, UTF-8 — on the browser's btoa and
// TextEncoder. Bundles alias 'js-base64' here (see scripts/aliases.mjs): 3.7 KB less to ship.
export const Base64 = {
  encode(text: string): string {
    let binary = '';
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
    return btoa(binary);
  },
};
