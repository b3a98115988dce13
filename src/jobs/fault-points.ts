// Named step boundaries of the pipeline, where a test can make the worker die (kill -9 of
// itself) to prove that a crash between two writes loses and duplicates nothing. Off in
// production: the hook is only set when NEWSMON_TEST_FAULT names a point (workers/fault-hook.ts).

/**
 * `<job>:handled`: the handler returned (its "done" markers are written), its follow-ups are not
 * queued yet. `<job>:followed`: follow-ups queued, the job not yet marked completed. The others
 * sit inside a handler, between its own writes.
 */
export const FAULT_POINTS = [
  // A poll registered its articles; no fetch job is queued yet.
  'feed.poll:registered',
  // A poll queued the first of its fetch jobs, not the others.
  'feed.poll:queued-one',
  // A poll queued every fetch job; the feed's state (body hash, next poll) is not recorded.
  'feed.poll:queued',
  'feed.poll:handled',
  'article.fetch:handled',
  'article.fetch:followed',
  'article.extract:handled',
  'article.extract:followed',
  // The analysis is judged and its review items planned; nothing of it is written yet.
  'article.analyze:planned',
  // The analysis transaction committed; its alert jobs are not queued.
  'article.analyze:committed',
  // The first of several alert jobs queued, not the others.
  'article.analyze:alert-queued-one',
  'article.analyze:handled',
  'article.analyze:followed',
  'alert.deliver:handled',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Called at each boundary; does nothing unless a test armed a point. */
export type FaultHook = (point: FaultPoint) => void;

export function isFaultPoint(name: string): name is FaultPoint {
  return (FAULT_POINTS as readonly string[]).includes(name);
}
