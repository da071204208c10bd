/**
 * Top functions of a V8 .cpuprofile by self time.
 *
 *   npx tsx bench/profile-summary.ts bench/results/prof/<file>.cpuprofile [count=15]
 *
 * Self time of a node = its hit count × the sampling interval; nodes of the same function
 * (same name, file, line) are summed. Also prints the share of time spent under a few
 * call-tree roots worth knowing (zod, graphql execution, cursors, logging).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function location(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  let url = frame.url.replace(/^file:\/\//, '');
  url = url.includes('/node_modules/')
    ? url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length)
    : relative(process.cwd(), url);
  return `${url}:${frame.lineNumber + 1}`;
}

/** Groups self time by package (node_modules/<pkg>) or by our source folder. */
function area(frame: ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const rel = relative(process.cwd(), url).split('/');
  return rel.slice(0, Math.min(rel.length - 1, 2)).join('/') || rel.join('/');
}

export function summariseProfile(file: string, count = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalUs = profile.endTime - profile.startTime;
  const totalHits = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;
  const usPerHit = totalUs / totalHits;
  const byFunction = new Map<string, { name: string; where: string; hits: number }>();
  const byArea = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const frame = node.callFrame;
    const where = location(frame);
    const key = `${frame.functionName}|${where}`;
    const entry = byFunction.get(key) ?? {
      name: frame.functionName || '(anonymous)',
      where,
      hits: 0,
    };
    entry.hits += hits;
    byFunction.set(key, entry);
    const a = area(frame);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
  }
  const idle = [...byFunction.values()]
    .filter((e) => e.name === '(idle)')
    .reduce((a, e) => a + e.hits, 0);
  const busy = totalHits - idle || 1;
  const pct = (hits: number) => `${((100 * hits) / busy).toFixed(1).padStart(5)}%`;
  const ms = (hits: number) => `${((hits * usPerHit) / 1000).toFixed(0).padStart(7)} ms`;
  const top = [...byFunction.values()]
    .filter((e) => e.name !== '(idle)')
    .sort((a, b) => b.hits - a.hits)
    .slice(0, count);
  const areas = [...byArea.entries()]
    .filter(([a]) => a !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  return [
    `profile ${(totalUs / 1e6) | 0 || (totalUs / 1e6).toFixed(1)} s, busy ${ms(busy).trim()} (percentages of busy time)`,
    'self time by function:',
    ...top.map((e) => `${pct(e.hits)} ${ms(e.hits)}  ${e.name}  ${e.where}`),
    'self time by package / source folder:',
    ...areas.map(([a, hits]) => `${pct(hits)} ${ms(hits)}  ${a}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [count]\n');
    process.exit(1);
  }
  process.stdout.write(`${summariseProfile(file, count ? Number(count) : 15)}\n`);
}
