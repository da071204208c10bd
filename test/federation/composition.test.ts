import {
  type ConstDirectiveNode,
  type DocumentNode,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  print,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_TYPE_DEFS, createCrmSubgraph } from '../../examples/crm-subgraph/index.ts';
import {
  CONVERSATIONS,
  CompositionError,
  CRM,
  composeSupergraph,
  readConversationsSdl,
} from '../../examples/supergraph/compose.ts';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';

const crmSdl = createCrmSubgraph().sdl;
const compose = (conversations: string, crm = crmSdl) =>
  composeSupergraph([
    { name: CONVERSATIONS, url: 'http://conversations.test/graphql', sdl: conversations },
    { name: CRM, url: 'http://crm.test/graphql', sdl: crm },
  ]);

/** The composition error messages of `run`, or [] when it composes. */
function compositionErrors(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof CompositionError) return error.messages;
    throw error;
  }
}

function objectType(document: DocumentNode, name: string): ObjectTypeDefinitionNode {
  const found = document.definitions.find(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name,
  );
  if (!found) throw new Error(`type ${name} is not in the supergraph`);
  return found;
}

const args = (directive: ConstDirectiveNode) =>
  Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, print(a.value)]));

/** `@join__type` of a supergraph type: which subgraphs define it, with which key. */
function joinTypes(document: DocumentNode, name: string): string[] {
  return (objectType(document, name).directives ?? [])
    .filter((d) => d.name.value === 'join__type')
    .map((d) => {
      const a = args(d);
      return [a.graph, a.key && `key: ${a.key}`, a.resolvable && `resolvable: ${a.resolvable}`]
        .filter(Boolean)
        .join(' ');
    })
    .sort();
}

/** The subgraphs that resolve a field (`@join__field(graph:)`, or every graph of the type). */
function fieldGraphs(document: DocumentNode, type: string, field: string): string[] {
  const node = objectType(document, type);
  const definition = node.fields?.find((f) => f.name.value === field);
  if (!definition) throw new Error(`${type}.${field} is not in the supergraph`);
  const graphs = (definition.directives ?? [])
    .filter((d) => d.name.value === 'join__field')
    .map((d) => args(d).graph ?? '');
  return (graphs.length > 0 ? graphs : joinTypes(document, type).map((t) => t.split(' ')[0]!))
    .filter(Boolean)
    .sort();
}

describe('composition (@apollo/composition) of the printed subgraph SDL with the sample CRM', () => {
  it('composes schema/subgraph.graphql and the CRM subgraph without errors', () => {
    const sdl = readConversationsSdl();
    expect(sdl).toMatch(/type Thread @key\(fields: "id"\) \{/);
    expect(sdl).toMatch(/type Ticket @key\(fields: "id"\) \{/);
    expect(sdl).toMatch(/type Contact @key\(fields: "id", resolvable: false\) \{/);
    expect(sdl).toMatch(/type PageInfo @shareable \{/);
    expect(sdl).toMatch(/type KeyValue @shareable \{/);
    expect(compositionErrors(() => compose(sdl))).toEqual([]);
  });

  it('joins the entities as designed: keys, resolvability and who owns which field', () => {
    const supergraph = parse(compose(readConversationsSdl()));
    expect(joinTypes(supergraph, 'Thread')).toEqual([
      'CONVERSATIONS key: "id"',
      'CRM key: "id" resolvable: false',
    ]);
    expect(joinTypes(supergraph, 'Ticket')).toEqual(['CONVERSATIONS key: "id"', 'CRM key: "id"']);
    expect(joinTypes(supergraph, 'Contact')).toEqual([
      'CONVERSATIONS key: "id" resolvable: false',
      'CRM key: "id"',
    ]);
    // Ticket: its own fields from the CRM, its conversations from here.
    for (const field of ['subject', 'priority', 'pipelineStage', 'createdAt']) {
      expect(fieldGraphs(supergraph, 'Ticket', field), `Ticket.${field}`).toEqual(['CRM']);
    }
    expect(fieldGraphs(supergraph, 'Ticket', 'threads')).toEqual(['CONVERSATIONS']);
    expect(fieldGraphs(supergraph, 'Thread', 'messages')).toEqual(['CONVERSATIONS']);
    expect(fieldGraphs(supergraph, 'Thread', 'associatedContact')).toEqual(['CONVERSATIONS']);
    expect(fieldGraphs(supergraph, 'Contact', 'firstName')).toEqual(['CRM']);
    expect(fieldGraphs(supergraph, 'SupportCase', 'thread')).toEqual(['CRM']);
    // Value types both subgraphs define: shareable, resolved by either.
    expect(fieldGraphs(supergraph, 'PageInfo', 'hasNextPage')).toEqual(['CONVERSATIONS', 'CRM']);
    expect(fieldGraphs(supergraph, 'KeyValue', 'value')).toEqual(['CONVERSATIONS', 'CRM']);
    // Root fields: no name in both subgraphs.
    for (const field of ['threads', 'thread', 'inboxes', 'conversationsTicket']) {
      expect(fieldGraphs(supergraph, 'Query', field), `Query.${field}`).toEqual(['CONVERSATIONS']);
    }
    for (const field of ['tickets', 'ticket', 'contacts', 'contact', 'supportCases']) {
      expect(fieldGraphs(supergraph, 'Query', field), `Query.${field}`).toEqual(['CRM']);
    }
  });

  it('reports composition errors with their codes and messages', () => {
    // A CRM that forgets @shareable on its PageInfo.
    const unshareable = CRM_TYPE_DEFS.replace('type PageInfo @shareable {', 'type PageInfo {');
    expect(unshareable).not.toBe(CRM_TYPE_DEFS);
    const errors = compositionErrors(() => compose(readConversationsSdl(), unshareable));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\[INVALID_FIELD_SHARING\] .*"PageInfo\.hasNextPage"/);
    expect(() => compose(readConversationsSdl(), unshareable)).toThrow(/INVALID_FIELD_SHARING/);
  });

  it('would not compose with a Query.ticket in both subgraphs (why ours is conversationsTicket)', () => {
    const withTicket = readConversationsSdl().replace(
      /^type Query \{$/m,
      'type Query {\n  ticket(id: ID!): Ticket',
    );
    expect(withTicket).not.toBe(readConversationsSdl());
    expect(compositionErrors(() => compose(withTicket)).join('\n')).toMatch(
      /\[INVALID_FIELD_SHARING\] .*"Query\.ticket"/,
    );
  });
});

describe('the subgraph SDL the running gateway serves (`_service { sdl }`)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness();
  });
  afterAll(() => h.close());

  it('composes too, and declares the same entities as the committed file', async () => {
    const res = await h.gql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const served = res.data!._service.sdl;
    expect(compositionErrors(() => compose(served))).toEqual([]);
    expect(served).toMatch(/type Contact\s+@key\(fields: "id", resolvable: false\)/);
    expect(served).toMatch(/type Thread\s+@key\(fields: "id"\)/);
    expect(served).toMatch(/type Ticket\s+@key\(fields: "id"\)/);
    expect(h.upstream()).toEqual([]);
  });
});
