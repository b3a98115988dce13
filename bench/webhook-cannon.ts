// The load generator for webhook-load.bench.ts, in its own process (fork) so that making the
// requests does not share the server's event loop: autocannon's programmatic API, one run per
// message. A `webhook` run POSTs {"url"} with a new URL per request (run-scoped, numbered),
// `amount` requests in all, and reads every 202 answer; a `fixed` run re-sends the given URLs in turn (idempotency); a `get`
// run asks a plain route (the baseline).
import autocannon from 'autocannon';

export type CannonRun =
  | { kind: 'get'; url: string; seconds: number; connections: number }
  | { kind: 'webhook'; url: string; amount: number; connections: number; run: string }
  | { kind: 'fixed'; url: string; connections: number; urls: string[] };

export interface CannonResult {
  requestsPerSec: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Alert URLs whose 202 answer said a new article was made, and those it called known. */
  created: string[];
  known: number;
}

if (!process.send) throw new Error('webhook-cannon: start me with fork()');
const send = process.send.bind(process);

process.on('message', (run: CannonRun) => {
  fire(run).then(
    (result) => send({ ok: true, result }),
    (err: unknown) => send({ ok: false, error: String(err) }),
  );
});

async function fire(run: CannonRun): Promise<CannonResult> {
  const created: string[] = [];
  let known = 0;
  const onResponse = (status: number, body: string) => {
    if (status !== 202) return;
    const answer = JSON.parse(body) as { articles: { url: string; created: boolean }[] };
    for (const a of answer.articles) {
      if (a.created) created.push(a.url);
      else known++;
    }
  };
  let n = 0;
  const post = (next: () => string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req: { body?: string | Buffer }) => ({
      ...req,
      body: JSON.stringify({ url: next() }),
    }),
    onResponse,
  });
  const opts =
    run.kind === 'get'
      ? { url: run.url, connections: run.connections, duration: run.seconds }
      : run.kind === 'webhook'
        ? {
            url: run.url,
            connections: run.connections,
            amount: run.amount,
            // Spread over 50 invented publishers; no name is resolved on intake.
            requests: [
              post(() => `https://news${n % 50}.bench.example/2025/10/${run.run}/story-${n++}`),
            ],
          }
        : {
            url: run.url,
            connections: run.connections,
            amount: run.urls.length,
            requests: [post(() => run.urls[n++ % run.urls.length]!)],
          };
  const start = performance.now();
  const r = await autocannon({ ...opts, timeout: 10 });
  // Whole requests over the whole run: autocannon's own average is of per-second samples, which
  // a run of a fixed number of requests ends with a partial one.
  const seconds = (performance.now() - start) / 1000;
  return {
    requestsPerSec: r.requests.total / seconds,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    seconds,
    statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    created,
    known,
  };
}
