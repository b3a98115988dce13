// The one benchmark report: every bench returns its headline figures, each beside the baseline
// measured in the same run, and bench/run.ts prints them as one table and writes them as JSON.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Figure {
  /** What is measured, short: "end-to-end articles/s". */
  name: string;
  value: number;
  unit: string;
  /** The same quantity for the baseline measured in the same run, or null when there is none. */
  baseline: { name: string; value: number } | null;
  /** value / baseline.value (null without a baseline). */
  ratio: number | null;
  /** The goal in words, e.g. "ratio ≥ 3" or "< 0.5 ms"; null when the figure has none. */
  goal: string | null;
  /** null: no goal to pass or miss. */
  pass: boolean | null;
  note?: string;
}

export interface BenchResult {
  bench: string;
  seconds: number;
  figures: Figure[];
  /** Why the bench measured nothing (e.g. the extraction dev set is not on this machine). */
  skipped?: string;
  /** When this bench ran (results.json keeps each bench's latest run; see bench/run.ts). */
  ranAt?: string;
}

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run began and when it ended: whether it ran alone. */
  loadBefore: number;
  loadAfter: number;
}

/** A figure with its ratio computed; `ratio` may be given when the value is a ratio already. */
export function figure(
  f: Omit<Figure, 'ratio' | 'pass' | 'goal'> & {
    goal?: string | null;
    pass?: boolean | null;
    ratio?: number | null;
  },
): Figure {
  const ratio =
    f.ratio !== undefined
      ? f.ratio
      : f.baseline && f.baseline.value !== 0
        ? f.value / f.baseline.value
        : null;
  return { ...f, ratio, goal: f.goal ?? null, pass: f.pass ?? null };
}

export function machine(loadBefore: number): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (line?.[1]) cpu = line[1].trim();
  } catch {
    // Not Linux: os.cpus() said what it could.
  }
  return {
    cores: os.availableParallelism(),
    cpu,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadBefore,
    loadAfter: os.loadavg()[0]!,
  };
}

/** Enough significant digits for the table: 1,234 / 12.3 / 1.23 / 0.123 / 0.0123. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  if (a >= 0.01) return x.toFixed(3);
  return x.toFixed(4);
}

export function table(results: BenchResult[]): string {
  const head = ['bench', 'figure', 'newsmon', 'baseline (same run)', 'ratio', 'goal', 'result'];
  const rows: string[][] = [];
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.bench, `skipped: ${r.skipped}`, '', '', '', '', '']);
      continue;
    }
    for (const f of r.figures) {
      rows.push([
        r.bench,
        f.name,
        `${num(f.value)} ${f.unit}`.trim(),
        f.baseline ? `${num(f.baseline.value)} ${f.unit} ${f.baseline.name}`.trim() : '–',
        f.ratio === null ? '–' : `${num(f.ratio)}×`,
        f.goal ?? '–',
        f.pass === null ? '–' : f.pass ? 'PASS' : 'MISS',
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 4]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
