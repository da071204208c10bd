/** Where the bench writes: bench/results/ (git-ignored) — JSON, gateway logs, bundles, profiles. */
import { join } from 'node:path';

export const BENCH_DIR = import.meta.dirname;
export const RESULTS = join(BENCH_DIR, 'results');
