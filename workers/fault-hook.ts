// The fault hook of a test worker: NEWSMON_TEST_FAULT=<point> makes the process kill itself with
// SIGKILL the first time it reaches that step boundary (src/jobs/fault-points.ts). A real kill -9
// at a known instruction, so crash tests need no timing.
import { isFaultPoint, type FaultHook } from '../src/jobs/fault-points.js';

export function faultHookFrom(value: string | undefined): FaultHook | undefined {
  if (!value) return undefined;
  if (!isFaultPoint(value)) throw new Error(`NEWSMON_TEST_FAULT: unknown fault point ${value}`);
  return (point) => {
    if (point === value) process.kill(process.pid, 'SIGKILL');
  };
}
