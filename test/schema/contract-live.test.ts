import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { builder } from '../../src/schema/builder.ts';
import '../../src/schema/index.ts';

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/contract/${name}`, import.meta.url), 'utf8');
const contract = buildSchema(`${read('core.graphql')}\n${read('live.graphql')}`);
const ours = builder.toSchema();

/** The subscription half of live.graphql (helper "live"); the rest is the mutations'. */
const SUBSCRIPTION_TYPES = /\b(Subscription|ThreadEvent|ThreadEventFilter|ThreadEventType)\b/;

describe('public contract: the mutations of test/fixtures/contract/live.graphql', () => {
  it('has every Mutation field, input, payload and enum with a compatible type', () => {
    const breaking = findBreakingChanges(contract, ours).filter(
      (change) => !SUBSCRIPTION_TYPES.test(change.description),
    );
    expect(breaking).toEqual([]);
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
