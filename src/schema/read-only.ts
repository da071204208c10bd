import { printSubgraphSchema } from '@apollo/subgraph';
import {
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLNamedType,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';

/** Named types reachable from `roots` through fields, arguments, interfaces and union members. */
function reachable(roots: readonly (GraphQLNamedType | null | undefined)[]): Set<GraphQLNamedType> {
  const seen = new Set<GraphQLNamedType>();
  const stack = roots.filter((t): t is GraphQLNamedType => t != null);
  while (stack.length > 0) {
    const type = stack.pop()!;
    if (seen.has(type)) continue;
    seen.add(type);
    if (isObjectType(type) || isInterfaceType(type)) {
      stack.push(...type.getInterfaces());
      for (const field of Object.values(type.getFields())) {
        stack.push(getNamedType(field.type));
        for (const arg of field.args) stack.push(getNamedType(arg.type));
      }
    } else if (isUnionType(type)) {
      stack.push(...type.getTypes());
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) stack.push(getNamedType(field.type));
    }
  }
  return seen;
}

/**
 * The schema of a read-only deployment (MUTATIONS=false): no Mutation type, and none of the types
 * only mutations use (their inputs, payloads, UserError). Everything else is the same objects
 * (resolvers included); the federation `_service.sdl` is re-printed without the mutations.
 */
export function withoutMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  const reads = reachable([schema.getQueryType(), schema.getSubscriptionType()]);
  const writesOnly = new Set([...reachable([mutation])].filter((type) => !reads.has(type)));
  const config = schema.toConfig();
  const keep = config.types.filter((type) => !writesOnly.has(type));
  const pruned = new GraphQLSchema({ ...config, mutation: undefined, types: keep });

  const query = pruned.getQueryType();
  const queryConfig = query?.toConfig();
  if (!query || !queryConfig || !queryConfig.fields._service) return pruned;
  const sdl = printSubgraphSchema(pruned);
  const service = queryConfig.fields._service;
  const newQuery = new GraphQLObjectType({
    ...queryConfig,
    fields: { ...queryConfig.fields, _service: { ...service, resolve: () => ({ sdl }) } },
  });
  return new GraphQLSchema({
    ...pruned.toConfig(),
    query: newQuery,
    types: keep.filter((type) => type !== query).concat(newQuery),
  });
}
