/** What counts as a JSON object (not null, not an array): for bodies read and for Gcore's answers. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
