import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * `npm start` runs compiled JavaScript (its `prestart` builds `dist/`), not TypeScript through
 * a loader: this builds it as `prestart` does and starts it as `start` does.
 */
describe('npm start: the compiled gateway', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('builds dist/ and serves GraphQL over the embedded simulated portal', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).toBe('npm run --silent build');
    expect(pkg.scripts.start).toMatch(/ node [^|&;]*dist\/server\.js$/);
    expect(pkg.scripts.start).not.toMatch(/tsx/);

    await run('npm', ['run', '--silent', 'build'], { cwd: ROOT, timeout: 60_000 });
    expect(existsSync(join(ROOT, 'dist/server.js'))).toBe(true);

    const nodeArgs = (pkg.scripts.start ?? '').replace(/^.* exec node /, '').split(' ');
    child = spawn(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 60_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+\/graphql)"/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query:
          '{ threads(first: 3) { edges { node { id messages(first: 1) { edges { node { id } } } } } } }',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { threads: { edges: unknown[] } };
      extensions: { cost: { estimated: number; actual: number } };
    };
    expect(body.data.threads.edges).toHaveLength(3);
    // The embedded portal was called exactly as the query needs: one thread page, three
    // message pages.
    expect(body.extensions.cost).toMatchObject({ estimated: 4, actual: 4 });
  }, 120_000);
});
