/**
 * Bundles bench/gateway-process.ts into one JavaScript file, as `npm start` runs the gateway
 * (`npm run build`: esbuild, packages left external, no TypeScript loader at run time), so the
 * bench measures the memory and CPU production sees. `srcDir` other than `src/` (a
 * --baseline-src) replaces every import of the repository's `src/` with the same file there.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

export async function buildGatewayBundle(srcDir: string, outFile: string): Promise<string> {
  const target = resolve(srcDir);
  const redirect: Plugin = {
    name: 'baseline-src',
    setup(context) {
      context.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        if (target === SRC || !path.startsWith(`${SRC}/`)) return undefined;
        const moved = join(target, relative(SRC, path));
        if (!existsSync(moved)) throw new Error(`${moved} is missing from ${target}`);
        return { path: moved };
      });
    },
  };
  await build({
    entryPoints: [join(ROOT, 'bench/gateway-process.ts')],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [redirect],
  });
  return outFile;
}

/** The node flags `npm start` runs the gateway with (read from package.json's `start` script). */
export function startNodeFlags(startScript: string): string[] {
  const match = / node ((?:--\S+ )*)\S+\.js$/.exec(startScript);
  return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
