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
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import { upstreamPagesFor } from '../schema/connection.ts';
import { peekCursorOffset } from '../schema/edge-cursor.ts';
import { fieldCostOf, referenceCostOf, type UpstreamCost } from '../schema/upstream-cost.ts';
import { validFirst } from '../schema/validation.ts';

/**
 * Upstream-call estimation: how many HubSpot requests an operation can cost, computed from its
 * shape and arguments before anything runs. One walk over the operation (fragments expanded,
 * @skip/@include honoured); fields are grouped by name and arguments per type, as the request's
 * loaders dedupe them, so two aliases of the same list cost one call.
 *
 * The walker knows no field names: each field's cost is declared where the field is declared
 * (`extensions: upstreamCost.…`, see src/schema/upstream-cost.ts for the model of each kind).
 * Undeclared fields are free and pass their parents' counts down. The result is an upper bound
 * of the calls the resolvers make, retries excluded. Federation's `_entities` is priced from the
 * cost each entity type declares for one reference.
 */
export interface CostEstimateOptions {
  /** MAX_PAGE_SIZE: a `first` above it is refused by the field (at no cost). */
  maxPageSize: number;
  /** Stop walking once the estimate passes this (the operation is refused anyway). */
  stopAbove?: number;
}

/** Fields walked at most, whatever the document: a fragment-heavy operation cannot stall us. */
const MAX_VISITS = 20_000;
/** The federation spec's entry point for entity references (created by the federation plugin). */
const ENTITIES_FIELD = '_entities';

interface Scope {
  /** Objects of the parent type this selection applies to. */
  count: number;
  /** Upstream fetches those objects came from (each resolves as one burst). */
  fetches: number;
}

const NOTHING: Scope = { count: 0, fetches: 0 };

interface CollectedField {
  parentType: GraphQLCompositeType;
  definition: GraphQLField<unknown, unknown>;
  cost: UpstreamCost | undefined;
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
  /** `oncePerRequest` keys already counted. */
  countedOnce: Set<string>;
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
    countedOnce: new Set(),
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
  const sharedCounted = new Set<string>();
  for (const field of fields.values()) {
    if (state.total > state.stopAbove || state.visits > MAX_VISITS) return;
    state.visits++;
    const scope = scopeOf(field.parentType.name);
    if (scope.count <= 0) continue;
    const cost = field.cost;
    if (cost?.kind === 'sharedPerParent') {
      const key = `${field.parentType.name}\u0000${cost.key}`;
      if (!sharedCounted.has(key)) {
        sharedCounted.add(key);
        state.total += scope.count;
      }
      // Its value comes from that shared call: nothing below it costs more.
      if (!isCompositeType(getNamedType(field.definition.type))) continue;
    }
    walkField(state, field, scope);
  }
}

function walkField(state: WalkState, field: CollectedField, scope: Scope): void {
  const named = getNamedType(field.definition.type);
  let childScopeOf: (typeName: string) => Scope;

  if (
    field.definition.name === ENTITIES_FIELD &&
    field.parentType === state.schema.getQueryType()
  ) {
    childScopeOf = entityScopes(state, field.args.representations);
  } else {
    const child = priceField(state, field, scope);
    if (child === undefined) return; // refused by the field itself, before any call
    childScopeOf = () => child;
  }

  if (!isCompositeType(named)) return;
  const sets: SelectionSetNode[] = [];
  for (const node of field.nodes) if (node.selectionSet) sets.push(node.selectionSet);
  if (sets.length > 0) walkSelections(state, named, sets, childScopeOf);
}

/**
 * Adds one field's declared cost for `scope.count` parents; returns the scope of the objects it
 * returns, or undefined when its arguments make it fail before calling anything.
 */
function priceField(state: WalkState, field: CollectedField, scope: Scope): Scope | undefined {
  const cost = field.cost;
  switch (cost?.kind) {
    case undefined:
    case 'sharedPerParent':
      return scope;
    case 'perParent':
    case 'perParentByArgs': {
      const perParent = cost.kind === 'perParent' ? cost.calls : cost.calls(field.args);
      state.total += scope.count * perParent;
      return { count: scope.count, fetches: scope.count };
    }
    case 'connection': {
      const first = validFirst(field.args.first, state.maxPageSize);
      if (first === undefined) return undefined;
      const offset = typeof field.args.after === 'string' ? peekCursorOffset(field.args.after) : -1;
      const calls = scope.count * upstreamPagesFor(offset, first, cost.pageLimit);
      state.total += calls;
      return { count: scope.count * first, fetches: calls };
    }
    case 'batch':
      state.total += batches(scope, cost.batchSize);
      return scope;
    case 'oncePerRequest':
      if (!state.countedOnce.has(cost.key)) {
        state.countedOnce.add(cost.key);
        state.total += 1;
      }
      return scope;
  }
}

/** Batched reads: per upstream fetch of the parents, ceil(parents per fetch / batch size). */
function batches(scope: Scope, size: number): number {
  const fetches = Math.max(1, scope.fetches);
  return fetches * Math.ceil(scope.count / fetches / size);
}

/**
 * `_entities(representations:)`: distinct representations per type, each priced by its type's
 * declared reference cost (`perParent` calls each, resolved one fetch each; free types resolve
 * together, as one fetch).
 */
function entityScopes(state: WalkState, value: unknown): (typeName: string) => Scope {
  const distinct = new Map<string, Set<string>>();
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'object' || item === null) continue;
      const typeName = (item as { __typename?: unknown }).__typename;
      if (typeof typeName !== 'string') continue;
      let keys = distinct.get(typeName);
      if (!keys) distinct.set(typeName, (keys = new Set()));
      keys.add(JSON.stringify(item));
    }
  }
  const scopes = new Map<string, Scope>();
  for (const [typeName, keys] of distinct) {
    const type = state.schema.getType(typeName);
    const cost = type ? referenceCostOf(type) : undefined;
    if (!type) continue;
    if (cost?.kind === 'perParent') {
      state.total += keys.size * cost.calls;
      scopes.set(typeName, { count: keys.size, fetches: keys.size });
    } else {
      scopes.set(typeName, { count: keys.size, fetches: 1 });
    }
  }
  return (typeName) => scopes.get(typeName) ?? NOTHING;
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
      if (name.startsWith('__')) continue;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const definition = type.getFields()[name];
      if (!definition) continue;
      const cost = fieldCostOf(definition);
      // Leaves without a declared cost are free: most fields stop here.
      if (!selection.selectionSet && cost === undefined) continue;
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
      else into.set(key, { parentType: type, definition, cost, args, nodes: [selection] });
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
  const estimates = new EstimateCache();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GatewayContext> | undefined;
      const estimated = estimates.get(args, () => estimateExecution(args, options));
      if (estimated === undefined) return; // variables do not coerce: execute reports it
      if (context?.cost) {
        context.cost.estimated = Number.isFinite(estimated) ? estimated : undefined;
      }
      if (estimated <= options.maxCost) return;
      const shown = Number.isFinite(estimated) ? String(estimated) : `more than ${options.maxCost}`;
      setResultAndStopExecution({
        errors: [
          gatewayError(
            'COST_LIMIT_EXCEEDED',
            `This operation would cost an estimated ${shown} HubSpot API calls, over the limit of ${options.maxCost} per operation. Ask for fewer items (smaller \`first\`), fewer nested lists, or split it into several operations.`,
            {
              extensions: {
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

/**
 * Estimates by document and variables: yoga hands every request with the same query text the
 * same parsed DocumentNode, and the estimate depends on nothing but the document, the operation
 * name and the variables (the schema and the limits are fixed), so repeated requests skip the walk.
 */
class EstimateCache {
  /** Variable sets kept per document; a document used with more starts afresh. */
  private static readonly PER_DOCUMENT = 64;
  private readonly byDocument = new WeakMap<object, Map<string, number | undefined>>();

  get(args: ExecutionArgs, estimate: () => number | undefined): number | undefined {
    let byVariables = this.byDocument.get(args.document);
    if (!byVariables) {
      byVariables = new Map();
      this.byDocument.set(args.document, byVariables);
    }
    const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
    if (byVariables.has(key)) return byVariables.get(key);
    const estimated = estimate();
    if (byVariables.size >= EstimateCache.PER_DOCUMENT) byVariables.clear();
    byVariables.set(key, estimated);
    return estimated;
  }
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
