import type { GraphQLField, GraphQLNamedType } from 'graphql';

/**
 * What a field costs upstream (HubSpot calls), declared where the field is declared, in its
 * Pothos `extensions`: `extensions: upstreamCost.batch(ACTOR_BATCH_LIMIT)`. The cost estimator
 * (src/server/cost.ts) walks an operation and reads these declarations; it knows no field names.
 * A field without a declaration is free: declare one on every field whose resolver calls
 * HubSpot (directly or through a loader), with the same constants the resolver uses.
 *
 * Terms: the field's *parents* are the objects it is resolved on (a page of 20 threads gives
 * `Thread.messages` 20 parents); *fetches* are the upstream calls those parents came from (each
 * resolves as one burst, which is what a DataLoader batches over).
 */
export type UpstreamCost =
  /**
   * `calls` calls per parent (getThread, a mutation's write). The objects it returns come one
   * per fetch.
   */
  | { readonly kind: 'perParent'; readonly calls: number }
  /**
   * Like `perParent`, with the calls per parent depending on the field's (coerced) arguments:
   * a mutation that reads defaults only for the inputs the caller left out.
   */
  | {
      readonly kind: 'perParentByArgs';
      readonly calls: (args: Readonly<Record<string, unknown>>) => number;
    }
  /**
   * A forward connection over HubSpot pages of at most `pageLimit` items, read with the field's
   * `first` / `after` arguments: per parent, the pages `first` items need from the `after`
   * cursor's offset (see `upstreamPagesFor` in connection.ts). Returns parents × first items.
   */
  | { readonly kind: 'connection'; readonly pageLimit: number }
  /**
   * A DataLoader batch read of at most `batchSize` keys per call: per fetch of the parents,
   * ceil(parents per fetch / batchSize). Each field (and each set of arguments) counts apart.
   */
  | { readonly kind: 'batch'; readonly batchSize: number }
  /** One call per request, shared by every field declaring the same `key` (listInboxes). */
  | { readonly kind: 'oncePerRequest'; readonly key: string }
  /**
   * Up to one call per parent, shared by the sibling fields declaring the same `key` on the
   * same parent type (fullText and fullRichText share the original-content read).
   */
  | { readonly kind: 'sharedPerParent'; readonly key: string };

/** The extensions key the declarations live under, on fields and (for entities) on types. */
export const UPSTREAM_COST = 'upstreamCost';

/** Field (or entity type) `extensions` declaring an upstream cost. */
export const upstreamCost = {
  perParent: (calls = 1) => ({ [UPSTREAM_COST]: { kind: 'perParent', calls } as UpstreamCost }),
  perParentByArgs: (calls: (args: Readonly<Record<string, unknown>>) => number) => ({
    [UPSTREAM_COST]: { kind: 'perParentByArgs', calls } as UpstreamCost,
  }),
  connection: (pageLimit: number) => ({
    [UPSTREAM_COST]: { kind: 'connection', pageLimit } as UpstreamCost,
  }),
  batch: (batchSize: number) => ({ [UPSTREAM_COST]: { kind: 'batch', batchSize } as UpstreamCost }),
  oncePerRequest: (key: string) => ({
    [UPSTREAM_COST]: { kind: 'oncePerRequest', key } as UpstreamCost,
  }),
  sharedPerParent: (key: string) => ({
    [UPSTREAM_COST]: { kind: 'sharedPerParent', key } as UpstreamCost,
  }),
} as const;

/** The declared cost of a field, if any. */
export function fieldCostOf(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return field.extensions?.[UPSTREAM_COST] as UpstreamCost | undefined;
}

/**
 * The cost of resolving one federation `_entities` representation of this type, declared on the
 * entity type itself (`builder.asEntity` creates `_entities`, so there is no field to declare it
 * on). Only `perParent` makes sense there; a type without one resolves its references for free.
 */
export function referenceCostOf(type: GraphQLNamedType): UpstreamCost | undefined {
  return type.extensions?.[UPSTREAM_COST] as UpstreamCost | undefined;
}
