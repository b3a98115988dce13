// The soak's page and feed origin, run as a child process (fork) so that serving 10,000 pages is
// not charged to the pipeline's processes: argv[2] is the article count. /feed/<k>.xml lists
// articles k·500 up to the next 500; /news/story-<i> is article i. The parent asks over IPC for
// this process's CPU time and resident memory, and when the first feed was asked for.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, feedBody, feedCount } from '../test/helpers/story-pages.js';

export type ToStoryServer = { type: 'stats' };
export type FromStoryServer =
  | { type: 'listening'; port: number }
  | {
      type: 'stats';
      cpuMicros: number;
      rss: number;
      /** Date.now() of the first feed request, or null. */
      firstFeedAt: number | null;
      pages: number;
      feeds: number;
    };

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count <= 0 || !process.send) {
  throw new Error('story-server: start me with fork(file, [count])');
}
const send = process.send.bind(process);
let origin = '';
let firstFeedAt: number | null = null;
let pages = 0;
let feeds = 0;

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const page = /^\/news\/story-(\d+)$/.exec(url);
  if (page && Number(page[1]) < count) {
    pages++;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(articlePage(Number(page[1])));
    return;
  }
  const feed = /^\/feed\/(\d+)\.xml$/.exec(url);
  if (feed && Number(feed[1]) < feedCount(count)) {
    feeds++;
    firstFeedAt ??= Date.now();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(feedBody(Number(feed[1]), count, origin));
    return;
  }
  // robots.txt and anything else: nothing here.
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});

process.on('message', (msg: ToStoryServer) => {
  if (msg.type !== 'stats') return;
  const { user, system } = process.cpuUsage();
  send({
    type: 'stats',
    cpuMicros: user + system,
    rss: process.memoryUsage.rss(),
    firstFeedAt,
    pages,
    feeds,
  } satisfies FromStoryServer);
});
// The parent going away (even killed) closes the IPC channel: do not outlive it.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});

server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  send({ type: 'listening', port } satisfies FromStoryServer);
});
