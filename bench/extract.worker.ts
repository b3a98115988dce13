// One extraction thread for extract.bench: runs the compiled extractArticle over the pages it
// was given, cycling through them, and answers with its timing and memory readings.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { extractArticle } from '../src/extract/article-extract.js';

export interface BenchPage {
  url: string;
  html: string;
}

export interface RunRequest {
  /** Extractions to run, continuing the cycle through the pages where the last run stopped. */
  count: number;
  /** Extraction counts within this run after which to report memory. */
  sampleAt: number[];
}

export interface MemorySample {
  done: number;
  /** The whole process's resident set: every thread shares it. */
  rss: number;
  /**
   * This thread's V8 heap in use plus the memory its objects hold outside it, after a full
   * collection (when --expose-gc allows one): what the thread retains, the sign of a leak.
   */
  heapAndExternal: number;
}

export type FromBenchWorker =
  { type: 'sample'; sample: MemorySample } | { type: 'done'; ms: number; failed: number };

const pages = workerData as BenchPage[];
if (!parentPort) throw new Error('extract.worker: must run as a worker thread');
const port: MessagePort = parentPort;
let next = 0;

port.on('message', (request: RunRequest) => {
  run(request).catch((err: unknown) => {
    // Rethrown outside the promise so that it reaches the parent as the worker's 'error' event.
    setImmediate(() => {
      throw err;
    });
  });
});

async function run({ count, sampleAt }: RunRequest): Promise<void> {
  const samples = new Set(sampleAt);
  let failed = 0;
  const start = performance.now();
  for (let done = 1; done <= count; done++) {
    const page = pages[next++ % pages.length]!;
    try {
      extractArticle(page.html, page.url);
    } catch {
      // EXTRACT_EMPTY: a page the pipeline would store nothing for; counted, and the soak goes on.
      failed++;
    }
    // As the extract sandbox does after every job: jsdom windows are only collected once the
    // event loop turns, and back-to-back pages otherwise keep each window alive.
    await new Promise(setImmediate);
    if (samples.has(done)) {
      // rss first, as the service would see it without forced collections; then what survives one.
      const { rss } = process.memoryUsage();
      globalThis.gc?.();
      const { heapUsed, external } = process.memoryUsage();
      const sample: MemorySample = { done, rss, heapAndExternal: heapUsed + external };
      port.postMessage({ type: 'sample', sample } satisfies FromBenchWorker);
    }
  }
  port.postMessage({
    type: 'done',
    ms: performance.now() - start,
    failed,
  } satisfies FromBenchWorker);
}
