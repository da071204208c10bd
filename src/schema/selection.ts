import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  isAbstractType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/**
 * The field nodes named `fieldName` that the current field's selection asks of an object of type
 * `typeName`, through inline fragments and fragment spreads, honouring @skip / @include.
 * Lets a parent resolver start a child's upstream call early (see `Query.thread`).
 */
export function selectedSubfields(
  info: GraphQLResolveInfo,
  typeName: string,
  fieldName: string,
): FieldNode[] {
  const found: FieldNode[] = [];
  const seenFragments = new Set<string>();
  const included = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === typeName) return true;
    const type = info.schema.getType(condition);
    const object = info.schema.getType(typeName);
    return (
      type !== undefined &&
      object !== undefined &&
      isAbstractType(type) &&
      'getInterfaces' in object &&
      info.schema.isSubType(type, object)
    );
  };
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === fieldName) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (!fragment || seenFragments.has(name)) continue;
        seenFragments.add(name);
        if (applies(fragment.typeCondition.name.value)) walk(fragment.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return found;
}
