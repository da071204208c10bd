/**
 * Composes the company supergraph locally with @apollo/composition (Apollo Router and rover
 * cannot run on this machine; see docs/federation.md): this gateway's printed subgraph SDL
 * (schema/subgraph.graphql) plus the sample CRM subgraph (examples/crm-subgraph/).
 *
 *   tsx examples/supergraph/compose.ts [--out supergraph.graphql]
 *
 * Prints the supergraph SDL (or writes it to --out). Composition errors are printed with their
 * codes and messages, and the exit code is 1. Subgraph URLs come from CONVERSATIONS_URL and
 * CRM_URL (defaults: the gateway's `npm start` address and 127.0.0.1:4001).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parseCommandLine } from '../../src/cli.ts';
import { createCrmSubgraph } from '../crm-subgraph/index.ts';

/** Subgraph names in the supergraph (they appear in its `join__Graph` enum). */
export const CONVERSATIONS = 'conversations';
export const CRM = 'crm';

export interface SubgraphSource {
  name: string;
  /** Where the gateway sends this subgraph's requests. */
  url: string;
  /** Subgraph SDL with its federation directives (@link, @key, @shareable, …). */
  sdl: string;
}

/** Composition failed: `messages` are composition's own, e.g. `[INVALID_FIELD_SHARING] …`. */
export class CompositionError extends Error {
  readonly messages: string[];

  constructor(messages: string[]) {
    super(`Supergraph composition failed:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'CompositionError';
    this.messages = messages;
  }
}

/** Composes `subgraphs` into supergraph SDL; throws CompositionError with every error message. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): string {
  let services: { name: string; url: string; typeDefs: ReturnType<typeof parse> }[];
  try {
    services = subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) }));
  } catch (error) {
    throw new CompositionError([`[PARSE] ${(error as Error).message}`]);
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionError(
      result.errors.map((e) => `[${String(e.extensions?.code ?? 'ERROR')}] ${e.message}`),
    );
  }
  return result.supergraphSdl;
}

/** The committed subgraph SDL of this gateway (`npm run schema` prints it). */
export const SUBGRAPH_SDL_PATH = fileURLToPath(
  new URL('../../schema/subgraph.graphql', import.meta.url),
);

export function readConversationsSdl(): string {
  return readFileSync(SUBGRAPH_SDL_PATH, 'utf8');
}

function main(): void {
  const { values } = parseCommandLine({
    command: 'tsx examples/supergraph/compose.ts',
    usage: `Usage: tsx examples/supergraph/compose.ts [--out FILE]

Composes schema/subgraph.graphql with the sample CRM subgraph into a supergraph SDL (stdout, or
FILE). Subgraph URLs: CONVERSATIONS_URL (default http://127.0.0.1:4000/graphql), CRM_URL
(default http://127.0.0.1:4001/graphql).`,
    options: { out: { type: 'string' } },
  });
  const out = values.out;
  try {
    const supergraph = composeSupergraph([
      {
        name: CONVERSATIONS,
        url: process.env.CONVERSATIONS_URL || 'http://127.0.0.1:4000/graphql',
        sdl: readConversationsSdl(),
      },
      {
        name: CRM,
        url: process.env.CRM_URL || 'http://127.0.0.1:4001/graphql',
        sdl: createCrmSubgraph().sdl,
      },
    ]);
    if (out) {
      writeFileSync(out, supergraph);
      process.stderr.write(`supergraph written to ${out}\n`);
    } else {
      process.stdout.write(supergraph);
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
