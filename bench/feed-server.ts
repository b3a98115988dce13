// The feed origin for feed-poll.bench.ts, run as a child process so that serving 1,000 feeds does
// not count in the CPU time the bench measures. Started with fork(): argv[2] is the fixture
// directory; the parent sets the mode over IPC and asks for this process's CPU time the same way.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * `etag`: every feed carries an ETag and a matching If-None-Match gets 304 (RFC 9110 §13.1.2).
 * `plain`: no validators at all, always 200 with the same body, as many real feeds do.
 */
export type ServeMode = 'etag' | 'plain';

export type ToServer = { type: 'mode'; mode: ServeMode } | { type: 'cpu' };
export type FromServer =
  | { type: 'listening'; port: number; bodyBytes: number[] }
  | { type: 'ok' }
  | { type: 'cpu'; micros: number };

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('feed-server: start me with fork(file, [fixtureDir])');
const send = process.send.bind(process);

const bodies = readdirSync(dir)
  .sort()
  .map((name) => readFileSync(path.join(dir, name)));
// One ETag per body and feed, so a feed never gets a 304 for another feed's validator.
const bodyTags = bodies.map((b) => createHash('sha1').update(b).digest('hex').slice(0, 16));
// latin1 maps bytes to chars one to one, so rewriting ASCII URLs keeps every other byte of the
// latin-1, windows-1251 and UTF-8 fixtures as it was.
const texts = bodies.map((b) => b.toString('latin1'));
const URL_HOST = /(xmlns(?::[\w-]+)?=["'])?(https?:\/\/[^/"'<>\s]+)\//g;

/**
 * Feed n's body: the fixture with every URL moved under /f<n>/ on its host, so that 1,000 feeds
 * carry 1,000 publishers' articles rather than five bodies' articles syndicated 200 times — an
 * article seen in hundreds of feeds makes every registration rewrite a growing origin list, and
 * the baseline then drifts with the number of feeds already polled. Namespace URIs are names,
 * not links: they stay.
 */
function bodyFor(n: number): Buffer {
  const text = texts[n % texts.length]!.replace(
    URL_HOST,
    (match, xmlns: string | undefined, host: string) => (xmlns ? match : `${host}/f${n}/`),
  );
  return Buffer.from(text, 'latin1');
}
let mode: ServeMode = 'etag';

const server = http.createServer((req, res) => {
  const match = /^\/feed\/(\d+)$/.exec(req.url ?? '');
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const n = Number(match[1]);
  const i = n % bodies.length;
  // No charset parameter: the fixtures declare theirs (latin-1, windows-1251) in the XML prolog,
  // which is the path the decoder takes for most real feeds.
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (mode === 'etag') {
    const etag = `"${n}-${bodyTags[i]}"`;
    headers.etag = etag;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
  }
  res.writeHead(200, headers).end(bodyFor(n));
});

process.on('message', (msg: ToServer) => {
  if (msg.type === 'mode') {
    mode = msg.mode;
    send({ type: 'ok' } satisfies FromServer);
  } else {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', micros: user + system } satisfies FromServer);
  }
});
// The parent going away (even killed) closes the IPC channel: do not outlive it.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'listening', port, bodyBytes: bodies.map((b) => b.length) } satisfies FromServer);
});
