import { printSubgraphSchema } from '@apollo/subgraph';
import {
  type ASTNode,
  type GraphQLSchema,
  type DefinitionNode,
  type DocumentNode,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  visit,
} from 'graphql';
import { builder } from './builder.ts';
import { schema } from './index.ts';

let client: GraphQLSchema | undefined;

/**
 * The client-facing schema: the served one without the federation internals (`_entities`,
 * `_service`, `_Any`, …), sorted. GraphiQL's Explorer and Docs introspect this one.
 */
export function clientSchema(): GraphQLSchema {
  client ??= lexicographicSortSchema(builder.toSchema());
  return client;
}

/** Client-facing SDL (what frontends and codegen use): sorted, without federation internals. */
export function printClientSchema(): string {
  return `${printSchema(clientSchema())}\n`;
}

/** Subgraph SDL for composition (keeps @link, @key, @shareable), sorted like the client SDL. */
export function printSubgraphSdl(): string {
  return `${print(sortDocument(parse(printSubgraphSchema(schema))))}\n`;
}

const byName = <T extends { name: { value: string } }>(nodes: readonly T[] | undefined) =>
  nodes && [...nodes].sort((a, b) => a.name.value.localeCompare(b.name.value));

function nameOf(node: DefinitionNode): string {
  return 'name' in node && node.name ? node.name.value : '';
}

/**
 * printSubgraphSchema prints fields in definition order (it reuses the types' AST nodes), so the
 * sorting is done on the printed document: definitions, fields, arguments, enum values.
 */
function sortDocument(document: DocumentNode): DocumentNode {
  const sorted = visit(document, {
    enter(node: ASTNode) {
      if (
        node.kind === 'ObjectTypeDefinition' ||
        node.kind === 'InterfaceTypeDefinition' ||
        node.kind === 'InputObjectTypeDefinition' ||
        node.kind === 'ObjectTypeExtension'
      ) {
        return { ...node, fields: byName(node.fields as readonly { name: { value: string } }[]) };
      }
      if (node.kind === 'EnumTypeDefinition') return { ...node, values: byName(node.values) };
      if (node.kind === 'UnionTypeDefinition') return { ...node, types: byName(node.types) };
      if (node.kind === 'FieldDefinition') return { ...node, arguments: byName(node.arguments) };
      return undefined;
    },
  });
  const rank = (node: DefinitionNode) =>
    node.kind === 'SchemaDefinition' || node.kind === 'SchemaExtension'
      ? 0
      : node.kind === 'DirectiveDefinition'
        ? 1
        : 2;
  return {
    ...sorted,
    definitions: [...sorted.definitions].sort(
      (a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)),
    ),
  };
}

export { printSubgraphSdl as printSubgraphSchema };
