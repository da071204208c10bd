import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command-line mistake: reported as one line plus the usage, never as a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The command line of a script: `--help` / `-h` prints `usage` and exits 0; an unknown option,
 * a missing value or a bad one prints one line naming it, then the usage, and exits 2.
 */
export function parseCommandLine<const T extends Options>(spec: {
  /** How the user runs it, e.g. `npm run bench --`. */
  command: string;
  usage: string;
  options: T;
  allowPositionals?: boolean;
  args?: string[];
}) {
  const args = spec.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${spec.usage.trimEnd()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({
      args,
      options: spec.options,
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    return exitWithUsage(spec.command, spec.usage, error);
  }
}

/** Prints `command: <one line>` and the usage on stderr, exits 2. */
export function exitWithUsage(command: string, usage: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  // node's parseArgs appends advice about positionals after the first sentence.
  const line = (message.split('\n')[0] ?? '').replace(/\. To specify a positional.*$/, '');
  process.stderr.write(`${command}: ${line}\n\n${usage.trimEnd()}\n`);
  process.exit(2);
}
