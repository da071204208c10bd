import {
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { HUBSPOT_PAGE_LIMIT } from '../schema/connection.ts';
import { DEFAULT_FIRST } from '../schema/validation.ts';

/**
 * Upstream-call estimation: how many HubSpot requests an operation can cost, computed from its
 * shape and arguments before anything runs. One walk over the operation (fragments expanded,
 * @skip/@include honoured); fields are grouped by name and arguments per type, as the request's
 * loaders dedupe them, so two aliases of the same list cost one call.
 *
 * The model (an upper bound of the calls the resolvers make, retries excluded):
 * - `threads` / `Ticket.threads` / `Thread.messages` (any field returning a Thread or Message
 *   connection): ceil(first / 500) page calls per parent object (`first` defaults to 20; a
 *   mid-page `after` cursor may need one more page, which the cursor's offset tells). Their items
 *   (parents × first) are the parents of the fields below.
 * - `thread(id)`, and `_entities` Thread representations: one getThread call each.
 * - `ticket(id)`, `Thread.ticket`, `_entities` Ticket representations: free.
 * - `inboxes`, `Thread.inbox`, `ThreadInboxChange.fromInbox/toInbox` (any field returning Inbox):
 *   one listInboxes call per request, however many ask.
 * - Any field returning `Actor` (senders/recipients `actor`, `creator`, `assignee`, …): actors
 *   are batched per burst of resolution, and one burst is the items of one upstream page, so
 *   (pages the parents came from) × ceil(items per page / 100). Each actor field counts apart
 *   (an upper bound: fields resolved together share batches). Sender and recipient lists count
 *   as one actor per message (ceil(·/100) absorbs small lists).
 * - `Ticket.crmRecord`: batched like actors, ceil(tickets per page / 100) per page, per distinct
 *   `properties` argument.
 * - `ChannelMessage.fullText` / `fullRichText`: up to one original-content call per message
 *   (only truncated messages make it; both fields share it).
 * - Everything else (scalars, `edges`, `node`, `pageInfo`, lists of parts) is free.
 */
export interface CostEstimateOptions {
  /** MAX_PAGE_SIZE: a `first` above it is refused by the field (at no cost). */
  maxPageSize: number;
  /** Stop walking once the estimate passes this (the operation is refused anyway). */
  stopAbove?: number;
}

/** Fields walked at most, whatever the document: a fragment-heavy operation cannot stall us. */
const MAX_VISITS = 20_000;
const ACTOR_BATCH = 100;
/** Scalars that cost a call: one original-content read per message, shared by both. */
const ORIGINAL_CONTENT_FIELDS = new Set(['fullText', 'fullRichText']);
const TICKET_BATCH = 100;

interface Scope {
  /** Objects of the parent type this selection applies to. */
  count: number;
  /** Upstream fetches those objects came from (each resolves as one burst). */
  fetches: number;
}

interface CollectedField {
  parentType: GraphQLCompositeType;
  definition: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  nodes: FieldNode[];
}

interface WalkState {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  maxPageSize: number;
  stopAbove: number;
  total: number;
  visits: number;
  inboxesCounted: boolean;
}

/**
 * The estimated upstream calls of `operation`, given coerced variable values. Returns
 * `Number.POSITIVE_INFINITY` when the walk is cut short (more than MAX_VISITS fields).
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostEstimateOptions,
): number {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const state: WalkState = {
    schema,
    fragments,
    variables,
    maxPageSize: options.maxPageSize,
    stopAbove: options.stopAbove ?? Number.POSITIVE_INFINITY,
    total: 0,
    visits: 0,
    inboxesCounted: false,
  };
  walkSelections(state, rootType, [operation.selectionSet], () => ({ count: 1, fetches: 1 }));
  return state.visits > MAX_VISITS ? Number.POSITIVE_INFINITY : state.total;
}

function walkSelections(
  state: WalkState,
  type: GraphQLCompositeType,
  sets: readonly SelectionSetNode[],
  scopeOf: (typeName: string) => Scope,
): void {
  const fields = new Map<string, CollectedField>();
  for (const set of sets) collectFields(state, type, set, fields, new Set());
  const contentCounted = new Set<string>();
  for (const field of fields.values()) {
    if (state.total > state.stopAbove || state.visits > MAX_VISITS) return;
    state.visits++;
    const scope = scopeOf(field.parentType.name);
    if (scope.count <= 0) continue;
    // Original content is one call per message, shared by fullText and fullRichText.
    const name = field.definition.name;
    if (field.parentType.name === 'ChannelMessage' && ORIGINAL_CONTENT_FIELDS.has(name)) {
      if (!contentCounted.has(field.parentType.name)) {
        contentCounted.add(field.parentType.name);
        state.total += scope.count;
      }
      continue;
    }
    walkField(state, field, scope);
  }
}

function walkField(state: WalkState, field: CollectedField, scope: Scope): void {
  const named = getNamedType(field.definition.type);
  const coordinate = `${field.parentType.name}.${field.definition.name}`;
  let child: Scope = scope;
  let childScopeOf: ((typeName: string) => Scope) | undefined;

  if (coordinate === 'Query._entities') {
    const { threads, tickets } = countRepresentations(field.args.representations);
    state.total += threads;
    const threadScope = { count: threads, fetches: threads };
    const ticketScope = { count: tickets, fetches: 1 };
    childScopeOf = (typeName) =>
      typeName === 'Thread'
        ? threadScope
        : typeName === 'Ticket'
          ? ticketScope
          : { count: 0, fetches: 0 };
  } else if (named.name === 'ThreadConnection' || named.name === 'MessageConnection') {
    const first = field.args.first ?? DEFAULT_FIRST;
    if (
      typeof first !== 'number' ||
      !Number.isInteger(first) ||
      first < 1 ||
      first > state.maxPageSize
    ) {
      return; // refused by the field itself, before any call
    }
    const offset = typeof field.args.after === 'string' ? cursorOffset(field.args.after) : -1;
    const pages = Math.ceil((offset + 1 + first) / HUBSPOT_PAGE_LIMIT);
    const calls = scope.count * pages;
    state.total += calls;
    child = { count: scope.count * first, fetches: calls };
  } else if (coordinate === 'Query.thread') {
    state.total += scope.count;
    child = { count: scope.count, fetches: scope.count };
  } else if (named.name === 'Inbox') {
    if (!state.inboxesCounted) {
      state.inboxesCounted = true;
      state.total += 1;
    }
  } else if (named.name === 'Actor') {
    state.total += batches(scope, ACTOR_BATCH);
  } else if (named.name === 'TicketCrmRecord') {
    state.total += batches(scope, TICKET_BATCH);
  }

  if (!isCompositeType(named)) return;
  const sets: SelectionSetNode[] = [];
  for (const node of field.nodes) if (node.selectionSet) sets.push(node.selectionSet);
  if (sets.length > 0) walkSelections(state, named, sets, childScopeOf ?? (() => child));
}

/** Batched reads: per upstream fetch of the parents, ceil(parents per fetch / batch size). */
function batches(scope: Scope, size: number): number {
  const fetches = Math.max(1, scope.fetches);
  return fetches * Math.ceil(scope.count / fetches / size);
}

/**
 * Groups the fields of one selection set by parent type, name and arguments (what the loaders
 * dedupe on), through inline fragments and fragment spreads, honouring @skip / @include.
 */
function collectFields(
  state: WalkState,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  into: Map<string, CollectedField>,
  spread: Set<string>,
): void {
  for (const selection of set.selections) {
    if (!included(selection, state.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      // Leaves cost nothing, except the original-content scalars: most fields stop here.
      if (!selection.selectionSet && !ORIGINAL_CONTENT_FIELDS.has(name)) continue;
      if (name.startsWith('__')) continue;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const definition = type.getFields()[name];
      if (!definition) continue;
      let args: Record<string, unknown>;
      try {
        args =
          definition.args.length === 0
            ? {}
            : getArgumentValues(definition, selection, state.variables);
      } catch {
        continue; // invalid arguments: the field fails without calling anything
      }
      const key = `${type.name}.${name}${definition.args.length === 0 ? '' : JSON.stringify(args)}`;
      const existing = into.get(key);
      if (existing) existing.nodes.push(selection);
      else into.set(key, { parentType: type, definition, args, nodes: [selection] });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition
        ? state.schema.getType(selection.typeCondition.name.value)
        : type;
      if (condition && isCompositeType(condition)) {
        collectFields(state, condition, selection.selectionSet, into, spread);
      }
    } else {
      const name = selection.name.value;
      const fragment = state.fragments[name];
      if (!fragment || spread.has(name)) continue;
      spread.add(name);
      const condition = state.schema.getType(fragment.typeCondition.name.value);
      if (condition && isCompositeType(condition)) {
        collectFields(state, condition, fragment.selectionSet, into, spread);
      }
    }
  }
}

function included(
  node: Parameters<typeof getDirectiveValues>[1],
  variables: Record<string, unknown>,
): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  return (
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false
  );
}

function countRepresentations(value: unknown): { threads: number; tickets: number } {
  if (!Array.isArray(value)) return { threads: 0, tickets: 0 };
  const threads = new Set<string>();
  let tickets = 0;
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { __typename, id } = item as { __typename?: unknown; id?: unknown };
    if (__typename === 'Thread') threads.add(String(id));
    else if (__typename === 'Ticket') tickets++;
  }
  return { threads: threads.size, tickets };
}

/**
 * The item offset of an edge cursor (see src/schema/cursor.ts: base64url(`1|binding|i|p`).mac),
 * read without checking the signature: it only sizes the estimate; a forged cursor is refused
 * by the field before any call. -1 (a page boundary) when unreadable.
 */
function cursorOffset(cursor: string): number {
  const dot = cursor.indexOf('.');
  if (dot <= 0) return -1;
  const payload = Buffer.from(cursor.slice(0, dot), 'base64url').toString();
  const match = /^1\|[A-Za-z0-9_-]+\|(-1|0|[1-9]\d{0,8})\|/.exec(payload);
  return match ? Math.min(Number(match[1]), HUBSPOT_PAGE_LIMIT) : -1;
}

export interface CostLimitOptions {
  /** MAX_OPERATION_COST: operations estimated above it are refused before any upstream call. */
  maxCost: number;
  maxPageSize: number;
}

/**
 * Estimates every operation before it executes, stores the estimate in `context.cost` (reported
 * as `extensions.cost.estimated`), and refuses operations over the limit with
 * COST_LIMIT_EXCEEDED: no resolver runs, so no upstream call is made.
 */
export function useCostLimit(
  options: CostLimitOptions,
): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GatewayContext> | undefined;
      const estimated = estimateExecution(args, options);
      if (estimated === undefined) return; // variables do not coerce: execute reports it
      if (context?.cost) {
        context.cost.estimated = Number.isFinite(estimated) ? estimated : undefined;
      }
      if (estimated <= options.maxCost) return;
      const shown = Number.isFinite(estimated) ? String(estimated) : `more than ${options.maxCost}`;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            `This operation would cost an estimated ${shown} HubSpot API calls, over the limit of ${options.maxCost} per operation. Ask for fewer items (smaller \`first\`), fewer nested lists, or split it into several operations.`,
            {
              extensions: {
                code: 'COST_LIMIT_EXCEEDED',
                estimatedCost: Number.isFinite(estimated) ? estimated : null,
                maxCost: options.maxCost,
                http: { spec: true, status: 400 },
              },
            },
          ),
        ],
        extensions: {
          cost: { estimated: Number.isFinite(estimated) ? estimated : null, actual: 0, cached: 0 },
        },
      });
    },
  };
}

function estimateExecution(args: ExecutionArgs, options: CostLimitOptions): number | undefined {
  return estimateOperation(
    args.schema,
    args.document,
    args.operationName,
    args.variableValues as Record<string, unknown> | null | undefined,
    { maxPageSize: options.maxPageSize, stopAbove: options.maxCost },
  );
}

/**
 * `estimateCost` for a request as it arrives: picks the operation and coerces the raw variables
 * (defaults applied). Undefined when the operation or its variables are invalid (execution then
 * reports it, at no cost).
 */
export function estimateOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  options: CostEstimateOptions,
): number | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  let variables: Record<string, unknown> = {};
  if (operation.variableDefinitions && operation.variableDefinitions.length > 0) {
    const coerced = getVariableValues(schema, operation.variableDefinitions, rawVariables ?? {}, {
      maxErrors: 1,
    });
    if (coerced.errors) return undefined;
    variables = coerced.coerced;
  }
  return estimateCost(schema, document, operation, variables, options);
}
