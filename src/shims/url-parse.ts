// url-parse as tus-js-client uses it — `new URL(link, base).toString()` to resolve an upload's
// Location against its endpoint — on the browser's URL. Bundles alias 'url-parse' here
// (see scripts/aliases.mjs): 5 KB less to ship.
export default class UrlParse {
  readonly href: string;

  constructor(address: string, base?: string) {
    const page = (globalThis as { location?: { href: string } }).location?.href;
    this.href = new URL(address, base === undefined ? page : new URL(base, page)).href;
  }

  toString(): string {
    return this.href;
  }
}
