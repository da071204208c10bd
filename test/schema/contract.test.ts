import { readFileSync } from 'node:fs';
import {
  buildSchema,
  findBreakingChanges,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  printSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { builder } from '../../src/schema/builder.ts';
import '../../src/schema/index.ts';

const contract = buildSchema(
  readFileSync(new URL('../fixtures/contract/core.graphql', import.meta.url), 'utf8'),
);
const ours = builder.toSchema();

describe('public contract (test/fixtures/contract/core.graphql)', () => {
  it('is a verbatim, buildable copy', () => {
    expect(printSchema(contract)).toContain('type ThreadConnection');
  });

  it('has no breaking change: every contract name exists with a compatible type', () => {
    expect(findBreakingChanges(contract, ours)).toEqual([]);
  });

  it('narrows nothing it may not: contract output nullability is kept or narrowed', () => {
    // findBreakingChanges already refuses output types that widen; this pins the one place the
    // brief names: ThreadConnection/MessageConnection shapes are exactly the contract's.
    for (const name of [
      'ThreadConnection',
      'ThreadEdge',
      'MessageConnection',
      'MessageEdge',
      'PageInfo',
    ]) {
      const mine = ours.getType(name);
      const theirs = contract.getType(name);
      if (!isObjectType(mine) || !isObjectType(theirs)) throw new Error(`${name} missing`);
      for (const [field, def] of Object.entries(theirs.getFields())) {
        expect(String(mine.getFields()[field]?.type), `${name}.${field}`).toBe(String(def.type));
      }
    }
  });
});

describe('descriptions', () => {
  const undocumented: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) undocumented.push(where);
  };
  const types = Object.values(ours.getTypeMap()).filter(
    (type: GraphQLNamedType) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
  );
  for (const type of types) {
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args)
          check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    } else if (isUnionType(type)) {
      check(type.name, type.description);
    }
  }

  it('covers every type, field, argument and enum value of the client schema', () => {
    expect(undocumented).toEqual([]);
  });
});
