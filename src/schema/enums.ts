/**
 * HubSpot treats new enum values as non-breaking. Enums that HubSpot may extend carry an UNKNOWN
 * value in this schema, and any value this schema does not know maps to it.
 */
export function knownOr<const T extends string, const F extends string | null>(
  values: readonly T[],
  raw: unknown,
  fallback: F,
): T | F {
  return typeof raw === 'string' && (values as readonly string[]).includes(raw)
    ? (raw as T)
    : fallback;
}

/** `builder.enumType` values with a description each, from `[name, description]` pairs. */
export function enumValues<const T extends string>(
  entries: readonly (readonly [T, string])[],
): Record<T, { value: T; description: string }> {
  return Object.fromEntries(
    entries.map(([name, description]) => [name, { value: name, description }]),
  ) as Record<T, { value: T; description: string }>;
}

/**
 * An enum's values declared once, each with its description: `values` for `builder.enumType`,
 * `names` for `knownOr` (which HubSpot strings this schema knows).
 */
export function describedEnum<const T extends string>(
  entries: readonly (readonly [T, string])[],
): { names: readonly T[]; values: Record<T, { value: T; description: string }> } {
  return { names: entries.map(([name]) => name), values: enumValues(entries) };
}
