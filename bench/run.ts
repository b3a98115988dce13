// Runs every *.bench.js next to this file, one after another so they do not share the CPU; names
// given as arguments (e.g. `npm run bench -- feed-poll`) pick a subset, and `--quick` asks the
// benches that have a size for a small one (NEWSMON_BENCH_QUICK=1). Each bench prints its own
// detail and returns its headline figures; at the end they are printed as one table, each beside
// its baseline from the same run, and written to bench/results.json.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../src/config.js';
import { machine, table, type BenchResult } from './report.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--quick')) process.env.NEWSMON_BENCH_QUICK = '1';
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
if (files.length === 0) throw new Error(`bench: nothing matches ${only.join(' ')} in ${dir}`);

const loadBefore = os.loadavg()[0]!;
const began = performance.now();
const results: BenchResult[] = [];
for (const file of files) {
  const bench = (await import(new URL(file, import.meta.url).href)) as {
    default: () => Promise<BenchResult>;
  };
  const name = file.replace(/\.bench\.js$/, '');
  console.log(`# ${name}`);
  const start = performance.now();
  const ranAt = new Date().toISOString();
  const result = await bench.default();
  results.push({ ...result, bench: name, seconds: (performance.now() - start) / 1000, ranAt });
}
const seconds = (performance.now() - began) / 1000;
const host = machine(loadBefore);

console.log(
  [
    '',
    `# report: ${files.length} bench${files.length > 1 ? 'es' : ''} in ${(seconds / 60).toFixed(1)} min ` +
      `(${results.map((r) => `${r.bench} ${Math.round(r.seconds)} s`).join(', ')})`,
    `${host.cores} cores, ${host.cpu}, Node ${host.node}, ${host.date.slice(0, 10)}; ` +
      `load average ${host.loadBefore.toFixed(2)} at the start, ${host.loadAfter.toFixed(2)} at the end`,
    process.env.NEWSMON_BENCH_QUICK ? 'quick run (--quick): smaller sizes, not for the README' : '',
    '',
    table(results),
    '',
  ].join('\n'),
);
const out = path.join(projectRoot(), 'bench', 'results.json');
// A run of some benches replaces just their figures: the file always holds the latest full
// measurement of every bench, each with the time it ran. A quick run replaces nothing.
if (process.env.NEWSMON_BENCH_QUICK) {
  console.log(`quick run: ${path.relative(process.cwd(), out)} left as it was`);
} else {
  const ran = new Set(results.map((r) => r.bench));
  const earlier = (
    existsSync(out)
      ? ((JSON.parse(readFileSync(out, 'utf8')) as { results?: BenchResult[] }).results ?? [])
      : []
  ).filter((r) => !ran.has(r.bench));
  const all = [...earlier, ...results].sort((a, b) => a.bench.localeCompare(b.bench));
  writeFileSync(out, JSON.stringify({ machine: host, seconds, results: all }, null, 2) + '\n');
  console.log(
    `written to ${path.relative(process.cwd(), out)}` +
      (earlier.length > 0
        ? ` (with the earlier figures of ${earlier.map((r) => r.bench).join(', ')})`
        : ''),
  );
}
