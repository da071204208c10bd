/**
 * Builds bench/results/baseline-src: today's src/ with the given files as they are at a git
 * revision, for a before/after comparison in one bench run (same machine, same moment):
 *
 *   npx tsx bench/baseline-src.ts [rev=HEAD] [path …]
 *   npm run bench -- --baseline-src bench/results/baseline-src
 *
 * Without paths it takes every file under the optimised folders that differs from `rev`
 * (src/hubspot, src/schema's connection/cursor/scalars/loaders, src/simulator). Read-only for
 * git (`git show`, `git diff --name-only`); writes only under bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const TARGET = join(ROOT, 'bench/results/baseline-src');
const OPTIMISED = [
  'src/hubspot',
  'src/schema/connection.ts',
  'src/schema/cursor.ts',
  'src/schema/scalars.ts',
  'src/schema/loaders.ts',
  'src/schema/message.ts',
  'src/schema/message-parts.ts',
  'src/schema/attachment.ts',
  'src/schema/selection.ts',
  'src/simulator',
];

const [rev = 'HEAD', ...given] = process.argv.slice(2);
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });

const changed =
  given.length > 0
    ? given
    : git('diff', '--name-only', rev, '--', ...OPTIMISED)
        .split('\n')
        .filter(Boolean);
const added = git('ls-files', '--others', '--exclude-standard', '--', ...OPTIMISED)
  .split('\n')
  .filter(Boolean);

rmSync(TARGET, { recursive: true, force: true });
mkdirSync(dirname(TARGET), { recursive: true });
cpSync(join(ROOT, 'src'), TARGET, { recursive: true });
for (const file of changed) {
  const dest = join(TARGET, relative('src', file));
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, git('show', `${rev}:${file}`));
}
// Files that did not exist at `rev` (only when no explicit list was given).
if (given.length === 0) for (const file of added) unlinkSync(join(TARGET, relative('src', file)));
process.stdout.write(
  `bench/results/baseline-src: src/ with ${[...changed, ...(given.length ? [] : added)].join(', ') || 'nothing'} as of ${rev}\n`,
);
