/** The check of the handler's numeric options (timeouts, limits), thrown at creation, not per request. */
export function positive(name: string, value: number | undefined, fallback: number, { integer = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a positive ${integer ? 'integer' : 'number'}.`);
  }
  return value;
}
