// What extraction costs, over the pages of the extraction dev set: newsmon's extractArticle
// against a plain `new JSDOM` + Readability loop in the same process (goal: ≤ 0.5 of its median
// time per page), the speed-up from two extraction threads on the 2-core box (goal: ≥ 1.8×), and
// resident memory over a 5,000-page soak in one thread (goal: < 20 % growth after warm-up).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.js';
import { extractArticle } from '../src/extract/article-extract.js';
import { inertStats } from '../src/extract/jsdom-inert.js';
import {
  defaultDevSetDir,
  loadExtractionPages,
  plainReadabilityText,
  type ExtractionPage,
} from '../eval/extraction-pages.js';
import type { BenchPage, FromBenchWorker, MemorySample, RunRequest } from './extract.worker.js';
import { figure, type BenchResult, type Figure } from './report.js';

/**
 * Passes over the pages, after one warm-up pass that lets the JIT compile both loops. With two,
 * the ratio ranged 0.40–0.51 between runs (the plain loop's time swings with its garbage).
 */
const PASSES = 5;
const GOAL_TIME_RATIO = 0.5;
const THREADS = 2;
/**
 * At least this many pages per thread, rounded up to whole passes so every thread does the same
 * work: about 20 s at ~180 ms a page, long enough for the threads' finishing times to even out.
 */
const MIN_PAGES_PER_THREAD = 120;
/** Each thread's own warm-up before its timing starts. */
const THREAD_WARMUP_PAGES = 30;
/** One thread then two, this many times over; each figure is the median round. */
const THREAD_ROUNDS = 3;
const GOAL_SPEEDUP = 1.8;
const SOAK_PAGES = 5_000;
const SOAK_WARMUP_PAGES = 200;
/** Every 500 pages after warm-up, so that a thread that runs out of heap still shows its trend. */
const SOAK_SAMPLES = [SOAK_WARMUP_PAGES, ...Array.from({ length: 10 }, (_, i) => (i + 1) * 500)];
const GOAL_RSS_GROWTH = 0.2;
const YOUNG_GENERATION_MB = loadConfig().workers.extractYoungGenerationMb;

interface LoopTiming {
  /** Each page's median time over the passes, in page order. */
  perPageMs: number[];
  /** Mean time of one whole pass over the pages. */
  passMs: number;
}

export default async function extractBench(): Promise<BenchResult> {
  const dir = defaultDevSetDir();
  if (!dir) {
    console.log(
      '\nextract: skipped: the extraction dev set is not at ../shared/data/extraction-dev ' +
        'beside the project (its pages are not kept in the repo)\n',
    );
    return { bench: 'extract', seconds: 0, figures: [], skipped: 'no extraction dev set' };
  }
  const began = performance.now();
  const pages = loadExtractionPages(dir);
  // Another job on this 2-core box skews every number below; the load average says whether one ran.
  const load = os.loadavg()[0]!.toFixed(2);
  console.log(
    `\nextract: ${pages.length} pages of the extraction dev set (${dir}); load average ${load}; ` +
      `inert-window mutation hooks ${inertStats().hooked ? 'on' : 'OFF (jsdom loaded first)'}`,
  );

  const [newsmon, plain] = await timeLoops(pages);
  const figures = [reportSingleThread(pages.length, newsmon, plain)];

  const benchPages = pages.map(({ url, html }) => ({ url, html }));
  const threads = await measureThreads(benchPages);
  figures.push(reportThreads(threads.one, threads.two));

  const soakStart = performance.now();
  const samples = await soak(benchPages);
  figures.push(reportSoak(samples, performance.now() - soakStart));
  console.log(`extract bench: ${((performance.now() - began) / 1000).toFixed(0)} s in all\n`);
  return { bench: 'extract', seconds: 0, figures };
}

/**
 * Both loops in this thread, pass by pass, alternating so that neither gets the quieter minutes.
 * Each call is timed alone; the event loop turns between pages, outside the timing, so that
 * closed jsdom windows are collected as they are in the extract sandbox.
 */
async function timeLoops(pages: ExtractionPage[]): Promise<[LoopTiming, LoopTiming]> {
  const loops = [
    (p: ExtractionPage) => {
      try {
        extractArticle(p.html, p.url);
      } catch {
        // EXTRACT_EMPTY costs what it cost to find out; the eval scores it, not the bench.
      }
    },
    (p: ExtractionPage) => void plainReadabilityText(p.html, p.url),
  ];
  const times = loops.map(() => pages.map((): number[] => []));
  for (let pass = 0; pass <= PASSES; pass++) {
    for (const [l, loop] of loops.entries()) {
      globalThis.gc?.();
      for (const [i, page] of pages.entries()) {
        const start = performance.now();
        loop(page);
        const ms = performance.now() - start;
        if (pass > 0) times[l]![i]!.push(ms);
        await new Promise(setImmediate);
      }
    }
  }
  const timing = (perPass: number[][]): LoopTiming => ({
    perPageMs: perPass.map(median),
    passMs: perPass.reduce((sum, ms) => sum + ms.reduce((a, b) => a + b, 0), 0) / PASSES,
  });
  return [timing(times[0]!), timing(times[1]!)];
}

function reportSingleThread(n: number, newsmon: LoopTiming, plain: LoopTiming): Figure {
  const ratio = median(newsmon.perPageMs) / median(plain.perPageMs);
  const row = (name: string, t: LoopTiming) =>
    `${name.padEnd(30)}${median(t.perPageMs).toFixed(1).padStart(15)}` +
    `${((n / t.passMs) * 1000).toFixed(2).padStart(9)}`;
  console.log(
    [
      `single thread (main): 1 warm-up pass + ${PASSES} measured passes per loop, loops ` +
        'alternating, heap collected before each pass',
      '',
      `${''.padEnd(30)} median ms/page  pages/s`,
      row('newsmon extractArticle', newsmon),
      row('plain JSDOM + Readability', plain),
      '',
      `newsmon/plain median ms per page = ${ratio.toFixed(3)}  goal ≤ ${GOAL_TIME_RATIO}  ` +
        `${ratio <= GOAL_TIME_RATIO ? 'PASS' : 'MISS'}  ` +
        `(whole passes: ${(newsmon.passMs / plain.passMs).toFixed(3)})`,
      '',
    ].join('\n'),
  );
  return figure({
    name: `extraction ms/page (${n} dev pages, median)`,
    value: median(newsmon.perPageMs),
    unit: 'ms',
    baseline: { name: 'plain JSDOM+Readability', value: median(plain.perPageMs) },
    goal: `ratio ≤ ${GOAL_TIME_RATIO}`,
    pass: ratio <= GOAL_TIME_RATIO,
  });
}

interface ThreadRun {
  /** Every round's pages/s, when this is the median of several. */
  rates?: number[];
  threads: number;
  pages: number;
  wallMs: number;
  failed: number;
}

/**
 * The same work per thread, first in one thread alone, then in two at once, in the same warm
 * workers: the speed-up is what the second core adds, with thread start-up and JIT warm-up
 * left out of both.
 */
async function measureThreads(pages: BenchPage[]): Promise<{ one: ThreadRun; two: ThreadRun }> {
  const perThread = Math.ceil(MIN_PAGES_PER_THREAD / pages.length) * pages.length;
  const workers = Array.from({ length: THREADS }, () => new BenchWorker(pages));
  try {
    await Promise.all(workers.map((w) => w.run({ count: THREAD_WARMUP_PAGES, sampleAt: [] })));
    const timed = async (group: BenchWorker[]): Promise<ThreadRun> => {
      globalThis.gc?.();
      const start = performance.now();
      const runs = await Promise.all(group.map((w) => w.run({ count: perThread, sampleAt: [] })));
      return {
        threads: group.length,
        pages: group.length * perThread,
        wallMs: performance.now() - start,
        failed: runs.reduce((sum, r) => sum + r.failed, 0),
      };
    };
    // Alternating rounds, the median run of each kept: single runs varied from 1.3× to 2.2×.
    const ones: ThreadRun[] = [];
    const twos: ThreadRun[] = [];
    for (let round = 0; round < THREAD_ROUNDS; round++) {
      ones.push(await timed(workers.slice(0, 1)));
      twos.push(await timed(workers));
    }
    return { one: medianRun(ones), two: medianRun(twos) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const threadRate = (r: ThreadRun) => (r.pages / r.wallMs) * 1000;

/** The run of median rate, with every run's rate beside it. */
function medianRun(runs: ThreadRun[]): ThreadRun {
  const sorted = [...runs].sort((a, b) => threadRate(a) - threadRate(b));
  return { ...sorted[Math.floor(sorted.length / 2)]!, rates: runs.map(threadRate) };
}

function reportThreads(one: ThreadRun, two: ThreadRun): Figure {
  const speedup = threadRate(two) / threadRate(one);
  const row = (r: ThreadRun) =>
    `${`${r.threads} thread${r.threads > 1 ? 's' : ''}`.padEnd(10)}${String(r.pages).padStart(6)}` +
    `${(r.wallMs / 1000).toFixed(1).padStart(9)}${threadRate(r).toFixed(2).padStart(9)}` +
    `   (rounds: ${(r.rates ?? []).map((x) => x.toFixed(1)).join(', ')})`;
  const failed = one.failed + two.failed;
  console.log(
    [
      `worker threads: extractArticle over the pages cycled, ${one.pages} per thread, ` +
        `${THREAD_ROUNDS} rounds (median shown), ` +
        `after ${THREAD_WARMUP_PAGES} warm-up pages in each; young generation ` +
        `${YOUNG_GENERATION_MB} MB per thread (workers.extractYoungGenerationMb)`,
      '',
      '           pages   wall s  pages/s',
      row(one),
      row(two),
      '',
      `${THREADS} threads / 1 thread pages/s = ${speedup.toFixed(2)}×  goal ≥ ${GOAL_SPEEDUP}×  ` +
        `${speedup >= GOAL_SPEEDUP ? 'PASS' : 'MISS'}` +
        (failed > 0 ? `  (${failed} extractions threw)` : ''),
      '',
    ].join('\n'),
  );
  return figure({
    name: `extraction pages/s, ${THREADS} threads`,
    value: threadRate(two),
    unit: '/s',
    baseline: { name: '1 thread', value: threadRate(one) },
    goal: `ratio ≥ ${GOAL_SPEEDUP}`,
    pass: speedup >= GOAL_SPEEDUP,
  });
}

interface SoakResult {
  samples: MemorySample[];
  /** Why the worker stopped before the last page (a leak ends in ERR_WORKER_OUT_OF_MEMORY). */
  error: Error | null;
}

async function soak(pages: BenchPage[]): Promise<SoakResult> {
  console.log(
    `soak: ${SOAK_PAGES} extractions in one fresh worker thread, pages cycled, ` +
      'the event loop turning between pages',
  );
  console.log(`${'pages'.padStart(6)}${'rss MB'.padStart(9)}${'heap+ext MB'.padStart(13)}`);
  const worker = new BenchWorker(pages);
  const samples: MemorySample[] = [];
  let error: Error | null = null;
  try {
    // The samples print as they come: at ~180 ms a page this runs for many minutes.
    await worker.run({ count: SOAK_PAGES, sampleAt: SOAK_SAMPLES }, (sample) => {
      samples.push(sample);
      console.log(
        `${String(sample.done).padStart(6)}${mb(sample.rss).padStart(9)}` +
          `${mb(sample.heapAndExternal).padStart(13)}`,
      );
    });
  } catch (err) {
    // Reported as a MISS with the samples so far, not thrown: a soak's failure is its finding.
    error = err instanceof Error ? err : new Error(String(err));
  } finally {
    await worker.terminate();
  }
  return { samples, error };
}

function reportSoak({ samples, error }: SoakResult, wallMs: number): Figure {
  const warm = samples.find((s) => s.done === SOAK_WARMUP_PAGES);
  const end = samples.at(-1);
  const name = `extraction thread rss, ${SOAK_PAGES} pages`;
  if (!warm || !end || end === warm) {
    console.log(
      `\nsoak: MISS: the worker stopped before page ${SOAK_SAMPLES[1]}: ${error?.message}\n`,
    );
    return figure({
      name,
      value: NaN,
      unit: 'MB',
      baseline: null,
      goal: `growth < ${GOAL_RSS_GROWTH * 100} %`,
      pass: false,
      note: error?.message ?? 'no samples',
    });
  }
  const growth = (end.rss - warm.rss) / warm.rss;
  const heapGrowth = (end.heapAndExternal - warm.heapAndExternal) / warm.heapAndExternal;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  const met = !error && growth < GOAL_RSS_GROWTH;
  console.log(
    [
      '',
      ...(error
        ? [`soak: the worker died after its sample at page ${end.done}: ${error.message}`]
        : []),
      `rss growth, page ${SOAK_WARMUP_PAGES} → ${end.done}: ${pct(growth)}  ` +
        `goal < ${GOAL_RSS_GROWTH * 100} % over ${SOAK_PAGES}  ${met ? 'PASS' : 'MISS'}  ` +
        `(worker heap+external: ${pct(heapGrowth)})`,
      `soak: ${(wallMs / 1000).toFixed(0)} s, ${((end.done / wallMs) * 1000).toFixed(2)} pages/s` +
        (error ? ` (${end.done} sampled pages over the whole run)` : ''),
      '',
      'rss is the whole process, read inside the worker; the main thread only waits meanwhile.',
      'heap+ext is the worker thread alone, after a forced collection: V8 heap in use + external.',
      '',
    ].join('\n'),
  );
  return figure({
    name,
    value: end.rss / 2 ** 20,
    unit: 'MB',
    baseline: { name: `at page ${SOAK_WARMUP_PAGES}`, value: warm.rss / 2 ** 20 },
    goal: `growth < ${GOAL_RSS_GROWTH * 100} %`,
    pass: met,
  });
}

/** One extraction thread, driven a run at a time. */
class BenchWorker {
  private readonly worker: Worker;

  constructor(pages: BenchPage[]) {
    // The compiled worker sits next to this file in dist/bench. Its heap is set as the
    // service sets its extraction threads' (workers/worker-pool.ts).
    this.worker = new Worker(new URL('./extract.worker.js', import.meta.url), {
      workerData: pages,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  run(
    request: RunRequest,
    onSample: (sample: MemorySample) => void = () => {},
  ): Promise<{ ms: number; failed: number }> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: FromBenchWorker) => {
        if (msg.type === 'sample') return onSample(msg.sample);
        done();
        resolve(msg);
      };
      const onError = (err: Error) => {
        done();
        reject(err);
      };
      const onExit = (code: number) => onError(new Error(`extract.worker exited (${code})`));
      const done = () => {
        this.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      this.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      this.worker.postMessage(request);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
