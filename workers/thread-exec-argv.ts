// Which of the process's flags can go to a worker thread (BullMQ's sandbox threads).
import { Worker } from 'node:worker_threads';

/**
 * The process's flags that a worker thread accepts. BullMQ hands `process.execArgv` to its sandbox
 * threads, and Node refuses V8 and process-wide flags there (`--single-threaded-gc`,
 * `--max-semi-space-size=…`): with one of them on the command line no extraction thread would
 * start. Those flags apply to every thread of the process anyway. Node has no list of the
 * per-thread ones, so each flag is tried on a thread that runs nothing.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  // The usual case: nothing to try, so no probe thread at start-up.
  if (execArgv.length === 0) return [];
  const accepted = (argv: string[]): boolean => {
    try {
      void new Worker('', { eval: true, execArgv: argv }).terminate();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_INVALID_EXEC_ARGV') return false;
      throw err;
    }
  };
  if (accepted([...execArgv])) return [...execArgv];
  // A flag and the values written after it as separate words (`--cpu-prof-dir /tmp/p`) go together.
  const groups: string[][] = [];
  for (const arg of execArgv) {
    if (arg.startsWith('-') || groups.length === 0) groups.push([arg]);
    else groups[groups.length - 1]!.push(arg);
  }
  // Flag by flag, each with those kept before it (`--cpu-prof-dir` needs `--cpu-prof`).
  return groups.reduce<string[]>(
    (kept, group) => (accepted([...kept, ...group]) ? [...kept, ...group] : kept),
    [],
  );
}
