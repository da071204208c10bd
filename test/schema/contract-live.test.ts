import { readFileSync } from 'node:fs';
import {
  buildSchema,
  findBreakingChanges,
  type GraphQLEnumType,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { builder } from '../../src/schema/builder.ts';
import '../../src/schema/index.ts';

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/contract/${name}`, import.meta.url), 'utf8');
const contract = buildSchema(`${read('core.graphql')}\n${read('live.graphql')}`);
const ours = builder.toSchema();

describe('public contract: test/fixtures/contract/live.graphql (mutations and subscriptions)', () => {
  it('has every Mutation and Subscription field, input, payload, event and enum with a compatible type', () => {
    expect(findBreakingChanges(contract, ours)).toEqual([]);
  });

  it('has the contract’s subscriptions with their arguments and every ThreadEventType value', () => {
    const theirs = contract.getSubscriptionType()!.getFields();
    const mine = ours.getSubscriptionType()!.getFields();
    for (const [name, field] of Object.entries(theirs)) {
      expect(String(mine[name]?.type), name).toBe(String(field.type));
      expect(mine[name]!.args.map((a) => `${a.name}: ${a.type}`), name).toEqual(
        field.args.map((a) => `${a.name}: ${a.type}`),
      );
    }
    const values = (schema: typeof ours) =>
      (schema.getType('ThreadEventType') as GraphQLEnumType)
        .getValues()
        .map((v) => v.name)
        .sort();
    expect(values(ours)).toEqual(values(contract));
  });

  it('has exactly the contract’s mutations, each with the contract’s argument and payload', () => {
    const theirs = contract.getMutationType()!.getFields();
    const mine = ours.getMutationType()!.getFields();
    for (const [name, field] of Object.entries(theirs)) {
      expect(String(mine[name]?.type), name).toBe(String(field.type));
      expect(mine[name]!.args.map((a) => `${a.name}: ${a.type}`), name).toEqual(
        field.args.map((a) => `${a.name}: ${a.type}`),
      );
    }
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    expect(String((ours.getType('ChannelMessage') as GraphQLObjectType).getFields().status!.type)).toBe(
      'MessageStatus',
    );
  });
});
