/** The bench's console output: one line at a time on stdout. */

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Indents a block (a profile summary) under the line that introduced it. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
