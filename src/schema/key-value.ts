import { builder } from './builder.ts';

/** A key/value pair of a HubSpot string map. */
export interface KeyValueShape {
  key: string;
  value: string | null;
}
export const KeyValue = builder.objectRef<KeyValueShape>('KeyValue');

KeyValue.implement({
  description: 'One entry of a string map that HubSpot sends as a JSON object.',
  // A generic value type other subgraphs (e.g. the CRM's property maps) may define too.
  shareable: true,
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The entry name.' }),
    value: t.exposeString('value', {
      nullable: true,
      description: 'The entry value, as HubSpot sent it.',
    }),
  }),
});

/** `{a: 1, b: 'x'}` → `[{key: 'a', value: '1'}, {key: 'b', value: 'x'}]`, in HubSpot's order. */
export function toKeyValues(map: unknown): KeyValueShape[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: value === null || value === undefined ? null : String(value),
  }));
}
