// The fault hook of a test worker: NEWSMON_TEST_FAULT=<point> makes the process kill itself with
// SIGKILL the first time it reaches that step boundary (src/jobs/fault-points.ts). A real kill -9
// at a known instruction, so crash tests need no timing. <point>:stop freezes it there instead
// (SIGSTOP, as a stalled VM or a debugger would), once: the test lets it go on with SIGCONT.
import { isFaultPoint, type FaultHook } from '../src/jobs/fault-points.js';

export function faultHookFrom(value: string | undefined): FaultHook | undefined {
  if (!value) return undefined;
  const stop = value.endsWith(':stop');
  const at = stop ? value.slice(0, -':stop'.length) : value;
  if (!isFaultPoint(at)) throw new Error(`NEWSMON_TEST_FAULT: unknown fault point ${at}`);
  let stopped = false;
  return (point) => {
    if (point !== at) return;
    if (!stop) process.kill(process.pid, 'SIGKILL');
    else if (!stopped) {
      stopped = true;
      process.kill(process.pid, 'SIGSTOP');
    }
  };
}
