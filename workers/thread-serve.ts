// The thread side of workers/thread-pool.ts: say ready once set up, then answer each task.
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { ThreadReply } from './thread-pool.js';

/**
 * Serves tasks on this thread. `name` becomes the thread's OS name (Linux, 15 bytes at most), so
 * that `top -H`, `ps -L` and the soak bench can tell the extraction threads from the analysis
 * thread: Node 20 names every thread "node".
 */
export function serveTasks<In, Out>(name: string, run: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('workers: serveTasks runs in a worker thread only');
  nameThisThread(name);
  const reply = (r: ThreadReply) => port.postMessage(r);
  port.on('message', (input: In) => {
    // One task at a time: the pool sends the next only after this answer. Each task starts on
    // a fresh turn of the event loop, which is also when jsdom's windows get collected.
    Promise.resolve()
      .then(() => run(input))
      .then(
        (value) => reply({ ok: true, value }),
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          const code = (e as { code?: unknown }).code;
          reply({
            ok: false,
            error: {
              name: e.name,
              message: e.message,
              ...(typeof code === 'string' ? { code } : {}),
              ...(isPlainData(e.cause) ? { cause: e.cause } : {}),
            },
          });
        },
      );
  });
  reply({ ready: true });
}

function nameThisThread(name: string): void {
  try {
    // A thread may rename itself through /proc/thread-self/comm; elsewhere it keeps "node".
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // Not Linux, or /proc not mounted: the name only helps a reader of the process list.
  }
}

/** A cause that postMessage copies as it is: a plain object of strings, numbers and booleans. */
function isPlainData(cause: unknown): cause is Record<string, string | number | boolean> {
  return (
    typeof cause === 'object' &&
    cause !== null &&
    Object.getPrototypeOf(cause) === Object.prototype &&
    Object.values(cause).every((v) => ['string', 'number', 'boolean'].includes(typeof v))
  );
}
