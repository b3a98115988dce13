// Issue 18, points 1 and 2, at the level of the thread pool that runs extraction and analysis:
// a task that spins, exhausts its heap or kills its thread fails alone, with a named failure, the
// main thread's event loop turns all the while, and the pool goes on serving the next task.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NewsmonError, reviveError } from '../../src/errors.js';
import { ThreadFailure, ThreadPool } from '../../workers/thread-pool.js';

const FILE = path.resolve('test/fixtures/threads/misbehave.thread.mjs');
type Task = { do: 'echo' | 'throw' | 'spin' | 'oom' | 'exit' | 'name'; value?: unknown };

describe('the CPU thread pool', () => {
  let pool: ThreadPool<Task, unknown> | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  const open = (budgetMs = 60_000) =>
    (pool = new ThreadPool<Task, unknown>(FILE, {
      size: 1,
      budgetMs,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
      reviveError,
    }));

  it.each([
    ['spins past its budget', 'spin', 'timed-out', 300],
    ['exhausts a 32 MB heap', 'oom', 'out-of-memory', 60_000],
    ['exits its thread', 'exit', 'crashed', 60_000],
  ] as const)(
    'fails only the task that %s (%s → %s), then serves the next task on a new thread',
    async (_name, what, kind, budgetMs) => {
      const threads = open(budgetMs);
      // The main thread is never blocked: this interval keeps firing while the task runs.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const failure = await threads.run({ do: what }).catch((err: unknown) => err);
      clearInterval(ticker);
      expect(failure).toBeInstanceOf(ThreadFailure);
      expect((failure as ThreadFailure).kind).toBe(kind);
      expect(ticks).toBeGreaterThan(0);
      await expect(threads.run({ do: 'echo', value: { ok: 1 } })).resolves.toEqual({ ok: 1 });
    },
    120_000,
  );

  it('hands back an error a task threw as the NewsmonError it was, code and message', async () => {
    const err = await open()
      .run({ do: 'throw' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NewsmonError);
    expect((err as NewsmonError).code).toBe('EXTRACT_NOT_ARTICLE');
    expect((err as NewsmonError).message).toBe('extract: not an article: a section front');
  });

  it.runIf(process.platform === 'linux')(
    'names its thread as the served file asks, so a process list tells the pools apart',
    async () => {
      await expect(open().run({ do: 'name' })).resolves.toBe('newsmon-test');
    },
  );

  it('queues tasks beyond its threads and runs each once a thread is free', async () => {
    const threads = open();
    const values = await Promise.all([1, 2, 3].map((value) => threads.run({ do: 'echo', value })));
    expect(values).toEqual([1, 2, 3]);
  });

  it('fails what is waiting when closed, and refuses new tasks', async () => {
    const threads = open();
    const running = threads.run({ do: 'spin' }).catch((e: unknown) => e);
    const waiting = threads.run({ do: 'echo', value: 1 }).catch((e: unknown) => e);
    await threads.close();
    for (const err of [await running, await waiting]) {
      expect((err as ThreadFailure).kind).toBe('closed');
    }
    await expect(threads.run({ do: 'echo' })).rejects.toMatchObject({ kind: 'closed' });
  });

  // A thread that blocks before serving stands for one loading its modules (jsdom takes seconds
  // on a busy machine); flags[0] lets it go on, flags[1] says it got through.
  const loading = (loadGraceMs?: number) => {
    const flags = new Int32Array(new SharedArrayBuffer(8));
    const threads = new ThreadPool<unknown, unknown>(
      path.resolve('test/fixtures/threads/slow-load.thread.mjs'),
      { size: 1, budgetMs: 60_000, workerData: { flags: flags.buffer }, loadGraceMs },
    );
    threads.warm();
    return { threads, flags };
  };

  it('lets a thread still loading finish before stopping it on close', async () => {
    const { threads, flags } = loading();
    const closing = threads.close();
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    await closing;
    expect(Atomics.load(flags, 1)).toBe(1);
  });

  it('stops a thread that does not finish loading within the grace', async () => {
    const { threads, flags } = loading(200);
    await threads.close();
    expect(Atomics.load(flags, 1)).toBe(0);
  });
});
