import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from '../context.ts';

/**
 * The one schema builder. Types live in their own files under src/schema/; this file only
 * configures plugins.
 *
 * Plugin order: directives before federation (federation emits its directives through it);
 * federation before the plugins that wrap resolvers; dataloader last.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: string; Output: string | Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  plugins: [DirectivesPlugin, FederationPlugin, RelayPlugin, DataloaderPlugin],
  // Fields are non-null unless marked `nullable: true`, as in the contract.
  defaultFieldNullability: false,
  // graphql-codegen loads the schema through graphql-tools, which needs this directive format.
  directives: { useGraphQLToolsUnorderedDirectives: true },
  relay: {
    // Other subgraphs define PageInfo too: composition needs it @shareable.
    pageInfoTypeOptions: {
      shareable: true,
      description: 'Where a page of a forward-only connection ends and whether more follows.',
    },
    // `id` is HubSpot's own id everywhere: no Relay global ids, no Query.node / Query.nodes.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    cursorType: 'String',
    hasNextPageFieldOptions: {
      description: 'True when HubSpot has more items after this page: pass `endCursor` as `after`.',
    },
    hasPreviousPageFieldOptions: {
      description: 'Always false: connections are forward-only (HubSpot pages forward only).',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first edge of this page; null when the page is empty.',
    },
    endCursorFieldOptions: {
      description:
        'Cursor of the last edge of this page; pass it as `after` to read the next page. Null when the page is empty.',
    },
    cursorFieldOptions: {
      description:
        'Opaque position of this edge: pass it as `after` (with the same arguments) to continue right after this item.',
    },
    pageInfoFieldOptions: { description: 'Paging state of this page.' },
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
});

/** The builder's type parameters, for helpers that take a Pothos field builder (`t`). */
export type GatewaySchemaTypes = typeof builder.$inferSchemaTypes;
