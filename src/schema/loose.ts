/**
 * Readers for the parts of HubSpot JSON kept "loose" by src/hubspot/schemas.ts (attachments and
 * their sub-objects): a field of an unexpected type reads as absent instead of failing the query.
 */
export type Loose = Record<string, unknown>;

export function str(obj: Loose, key: string): string | null {
  const value = obj[key];
  return typeof value === 'string' ? value : null;
}

export function num(obj: Loose, key: string): number | null {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An id HubSpot may send as a JSON number or a string. */
export function idStr(obj: Loose, key: string): string | null {
  const value = obj[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function obj(value: unknown): Loose | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Loose)
    : null;
}

export function objects(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map(obj).filter((item): item is Loose => item !== null) : [];
}

/**
 * A HubSpot shape without the index signature of zod's `looseObject`, so that Pothos' `t.expose*`
 * can name its fields (with the signature every key's type reads as `unknown`). Fields HubSpot adds
 * stay in the object at run time; they are only left out of the type.
 */
export type Known<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};
