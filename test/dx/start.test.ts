import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

/** The gateway's entry point as a user's process runs it (TypeScript through tsx here). */
function startGateway(env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function firstLine(child: ChildProcess, output: { out: () => string }): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (!output.out().includes('\n')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no log line; stdout: ${output.out()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return output.out().split('\n')[0] as string;
}

describe('npm start', { timeout: 90_000 }, () => {
  it('.npmrc keeps npm verbose but moves its script banners off stdout', async () => {
    const npmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8');
    expect(npmrc).not.toMatch(/^\s*loglevel\s*=\s*silent/m);
    // A package with this repo's .npmrc and a prestart + start like ours: stdout holds only
    // what the start script writes; npm's "> pkg start" banners are on stderr.
    const dir = mkdtempSync(join(tmpdir(), 'npmrc-'));
    try {
      copyFileSync(join(ROOT, '.npmrc'), join(dir, '.npmrc'));
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name: 'npmrc-check',
          version: '1.0.0',
          scripts: {
            prestart: 'node -e "process.stderr.write(String())"',
            start: 'node -e "console.log(JSON.stringify({ msg: 1 }))"',
          },
        }),
      );
      const started = await run('npm', ['start'], { cwd: dir, env: { PATH: process.env.PATH } });
      expect(started.stdout.trim().split('\n')).toEqual(['{"msg":1}']);
      expect(started.stderr).toContain('> npmrc-check@1.0.0 start');
      // A mistyped script name says so (with loglevel=silent it printed nothing at all).
      const typo = await run('npm', ['run', 'benchmark'], {
        cwd: dir,
        env: { PATH: process.env.PATH },
      }).catch((error: { code: number; stderr: string }) => error);
      expect('code' in typo && typo.code).toBe(1);
      expect(typo.stderr).toContain('Missing script: "benchmark"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('first log line: the GraphiQL URL, the simulated portal and CORS, as JSON off a terminal', async () => {
    const child = startGateway({ PORT: '0' });
    const output = collect(child);
    const line = JSON.parse(await firstLine(child, output)) as Record<string, string>;
    expect(line.level).toBe('info');
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(line.msg).toContain(`GraphiQL and GraphQL at ${line.url}`);
    expect(line.msg).toContain('embedded simulated HubSpot portal');
    expect(line.mode).toBe('simulator');
    expect(line.cors).toMatch(/^loopback origins/);
    expect(line.msg).toContain('loopback origins');
    // It really serves there.
    const response = await fetch(line.url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ threads(first: 1) { edges { node { id } } } }' }),
    });
    const body = (await response.json()) as { extensions: { cost: { actual: number } } };
    expect(body.extensions.cost.actual).toBe(1);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    for (const text of output.out().trim().split('\n'))
      expect(() => JSON.parse(text)).not.toThrow();
  });

  it('LOG_FORMAT=pretty: readable lines (what a terminal gets by default)', async () => {
    const child = startGateway({ PORT: '0', LOG_FORMAT: 'pretty' });
    const output = collect(child);
    const line = await firstLine(child, output);
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}GraphiQL and GraphQL at http:\/\/127\.0\.0\.1:\d+\/graphql, serving the embedded simulated HubSpot portal/,
    );
    expect(line).toContain(' mode=simulator ');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('port in use: one line naming PORT, exit 1, no stack trace, nothing served', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const child = startGateway({ PORT: String(port) });
      const output = collect(child);
      expect(await exited(child)).toBe(1);
      const lines = output.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Port ${port} is already in use`);
      expect(lines[0]).toContain('PORT=');
      expect(output.err()).not.toMatch(/EADDRINUSE|\n\s+at /);
      // No "serving the simulated portal" line before dying.
      expect(output.out()).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('--help prints the usage; an unknown option one line and the usage', async () => {
    const help = await run(process.execPath, ['--import', 'tsx', 'src/server.ts', '--help'], {
      cwd: ROOT,
    });
    expect(help.stdout).toMatch(/^Usage: npm start\n/);
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/server.ts', '--prot', '1'], {
      cwd: ROOT,
    }).catch((error: { code: number; stderr: string; stdout: string }) => error);
    expect('code' in bad && bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe("npm start: Unknown option '--prot'");
    expect(bad.stderr).toContain('Usage: npm start');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stdout).toBe('');
  });
});
