/**
 * Writes the schema artifacts from the Pothos schema, only when their content changed:
 * - schema/schema.graphql: client-facing SDL (frontends, GraphiQL users, graphql-codegen);
 * - schema/subgraph.graphql: federation subgraph SDL (composition).
 * `--check`: write nothing, exit 1 when either file is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../src/cli.ts';
import { printClientSchema, printSubgraphSdl } from '../src/schema/print.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseCommandLine({
  command: 'npm run schema --',
  usage: `Usage: npm run schema [-- --check]

Prints schema/schema.graphql (client-facing) and schema/subgraph.graphql (federation) from the
Pothos schema, writing only what changed.

Options:
  --check     write nothing; exit 1 when either file is stale
  -h, --help  this text`,
  options: { check: { type: 'boolean', default: false } },
});
const check = values.check;

const artifacts = [
  { path: resolve(root, 'schema/schema.graphql'), content: printClientSchema() },
  { path: resolve(root, 'schema/subgraph.graphql'), content: printSubgraphSdl() },
];

let stale = 0;
for (const { path, content } of artifacts) {
  const name = relative(root, path);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) {
    console.log(`${name}: up to date`);
    continue;
  }
  if (check) {
    stale++;
    console.error(`${name}: stale (run \`npm run schema\`)`);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`${name}: written`);
}
process.exitCode = stale > 0 ? 1 : 0;
