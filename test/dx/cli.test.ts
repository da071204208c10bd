import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const exec = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runScript(script: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Every script with options, as its usage names it. */
const SCRIPTS = [
  { script: 'bench/run.ts', command: 'npm run bench --' },
  { script: 'scripts/load.ts', command: 'npm run load --' },
  { script: 'examples/supergraph/serve.ts', command: 'npm run supergraph' },
  { script: 'scripts/print-schema.ts', command: 'npm run schema --' },
  { script: 'examples/supergraph/compose.ts', command: 'tsx examples/supergraph/compose.ts' },
];

describe('scripts answer --help and unknown options without a stack trace', () => {
  it.each(SCRIPTS)(
    '$command',
    async ({ script, command }) => {
      const help = await runScript(script, ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: /);
      expect(help.stderr).toBe('');

      const unknown = await runScript(script, ['--bogus']);
      expect(unknown.code).toBe(2);
      const lines = unknown.stderr.split('\n');
      expect(lines[0]).toBe(`${command}: Unknown option '--bogus'`);
      expect(lines[1]).toBe('');
      expect(lines[2]).toMatch(/^Usage: /);
      expect(unknown.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
      expect(unknown.stdout).toBe('');
    },
    120_000,
  );

  it('a bad option value is one line and the usage too (npm run bench -- --duration x)', async () => {
    const bad = await runScript('bench/run.ts', ['--duration', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(
      'npm run bench --: --duration must be a positive number, got x',
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run supergraph', () => {
  it('says how to see the subgraph cost, and says goodbye on Ctrl+C', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/supergraph/serve.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, SUPERGRAPH_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('try: curl');
    expect(out).toContain('extensions.cost');
    const supergraph = /supergraph \(Hive Gateway\): +(http:\/\/\S+)/.exec(out)?.[1] as string;
    const response = await fetch(supergraph, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ threads(first: 1) { edges { node { id } } } }' }),
    });
    expect(response.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const last = out.trim().split('\n').at(-1);
    expect(last).toMatch(/^supergraph stopped \(Ctrl\+C\): .*Bye\.$/);
  }, 120_000);
});
