import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.ts';

/**
 * Every setting `src/config.ts` reads has a row in one of the README's configuration tables, so
 * an operator never has to read the source to find a variable.
 */
const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const tableRows = README.split('\n').filter((line) => line.startsWith('| `'));

describe("the README's configuration tables", () => {
  it('have a row naming every environment variable the gateway reads', () => {
    const variables = Object.keys(configSchema.shape);
    expect(variables.length).toBeGreaterThan(40);
    const missing = variables.filter(
      (name) => !tableRows.some((row) => row.includes(`\`${name}\``)),
    );
    expect(missing).toEqual([]);
  });
});
