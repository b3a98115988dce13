// A small pool of worker threads for CPU-heavy tasks (jsdom extraction, claim analysis), so that
// the main thread keeps renewing job locks, polling and answering SIGTERM while they run. Each
// task gets a time budget and each thread a heap cap; a thread that runs out of either, or dies
// in any other way, fails its one task with a ThreadFailure and is replaced. Nothing a task does
// can take the process down: BullMQ's own sandbox re-emits a thread's 'error' event where no one
// listens, and an out-of-memory thread took the whole worker with it (issue 18).
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type ThreadFailureKind = 'out-of-memory' | 'crashed' | 'timed-out' | 'closed';

export class ThreadFailure extends Error {
  constructor(
    readonly kind: ThreadFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ThreadFailure';
  }
}

/** What a thread answers (workers/thread-serve.ts). */
export type ThreadReply =
  { ready: true } | { ok: true; value: unknown } | { ok: false; error: ThreadError };

/**
 * A task's error as it crosses the thread boundary: plain data. `cause` survives only when it is
 * plain data too (an EXTRACT_NOT_ARTICLE rejection's kind and reason).
 */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  cause?: unknown;
}

export interface ThreadPoolOptions {
  /** Threads at most; they start on demand. */
  size: number;
  budgetMs: number;
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  execArgv?: string[];
  /** Rebuilds an error a task threw (its name, message and code) as the caller expects it. */
  reviveError?: (error: ThreadError) => Error;
  /**
   * How long close() lets a thread still loading finish before stopping it (default 5 s: within
   * the 10 s the daemon allows its shutdown past the jobs' grace).
   */
  loadGraceMs?: number;
}

const LOAD_GRACE_MS = 5_000;

interface Task {
  input: unknown;
  budgetMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Settles when the thread says it is ready, or dies first. */
  loaded: Promise<void>;
  settleLoaded: () => void;
}

export class ThreadPool<In, Out> {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Task[] = [];
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly opts: ThreadPoolOptions,
  ) {}

  /** Runs one task on a free thread; its budget counts from the moment a thread takes it. */
  run(input: In, budgetMs = this.opts.budgetMs): Promise<Out> {
    if (this.closed) return Promise.reject(new ThreadFailure('closed', 'thread pool is closed'));
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, budgetMs, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Starts a first thread now, so that the first task does not wait for it to load. */
  warm(): void {
    if (this.slots.size === 0 && !this.closed) this.spawn();
  }

  /**
   * Fails what is waiting or running, and stops every thread. A thread still loading its modules
   * is let finish first (up to loadGraceMs): stopping a thread inside Node's module loader can
   * abort the whole process (Node's worker.terminate() has had fatal errors of that kind), and a
   * SIGTERM just after start-up, while jsdom loads, lands there.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0))
      task.reject(new ThreadFailure('closed', 'thread pool is closed'));
    const grace = this.opts.loadGraceMs ?? LOAD_GRACE_MS;
    const exits = [...this.slots].map(async (slot) => {
      const exited = new Promise((r) => slot.worker.once('exit', r));
      if (!slot.ready) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([slot.loaded, new Promise((r) => (timer = setTimeout(r, grace)))]);
        clearTimeout(timer);
      }
      this.fail(slot, new ThreadFailure('closed', 'thread pool is closed'));
      await exited;
    });
    await Promise.all(exits);
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const slot = [...this.slots].find((s) => s.ready && !s.dead && !s.task);
      if (!slot) {
        // A thread still loading counts: it takes the next task once it says it is ready.
        if (this.slots.size < this.opts.size) this.spawn();
        return;
      }
      const task = this.waiting.shift()!;
      slot.task = task;
      slot.timer = setTimeout(
        () =>
          this.fail(slot, new ThreadFailure('timed-out', `over its ${task.budgetMs} ms budget`)),
        task.budgetMs,
      );
      slot.worker.postMessage(task.input);
    }
  }

  private spawn(): void {
    const worker = new Worker(this.file, {
      workerData: this.opts.workerData,
      resourceLimits: this.opts.resourceLimits,
      execArgv: this.opts.execArgv,
    });
    let settleLoaded = (): void => {};
    const loaded = new Promise<void>((r) => (settleLoaded = r));
    const slot: Slot = {
      worker,
      ready: false,
      dead: false,
      task: null,
      timer: null,
      loaded,
      settleLoaded,
    };
    this.slots.add(slot);
    worker.on('message', (reply: ThreadReply) => this.answer(slot, reply));
    worker.on('error', (err: Error & { code?: string }) =>
      this.fail(
        slot,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ThreadFailure('out-of-memory', 'ran out of its heap')
          : new ThreadFailure('crashed', `thread crashed: ${err.message}`),
      ),
    );
    worker.on('exit', (code) =>
      this.fail(slot, new ThreadFailure('crashed', `thread exited with code ${code}`)),
    );
  }

  private answer(slot: Slot, reply: ThreadReply): void {
    if (slot.dead) return;
    if ('ready' in reply) {
      slot.ready = true;
      slot.settleLoaded();
      this.dispatch();
      return;
    }
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (task) {
      if (reply.ok) task.resolve(reply.value);
      else task.reject(this.opts.reviveError?.(reply.error) ?? reviveError(reply.error));
    }
    this.dispatch();
  }

  /** The first failure of a thread wins ('error' is followed by 'exit'); its task fails with it. */
  private fail(slot: Slot, failure: ThreadFailure): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.settleLoaded();
    this.slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate();
    task?.reject(failure);
    // A replacement thread for what is still waiting.
    this.dispatch();
  }
}

function reviveError(error: { name: string; message: string }): Error {
  const err = new Error(error.message);
  err.name = error.name;
  return err;
}
