// A real HTTP server on 127.0.0.1 serving whatever routes a test gives it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  origin: string;
  /** Requests seen, by path, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** `host`: another loopback address (127.0.0.2 …) for tests that allow one address but not another. */
export async function startTestServer(
  routes: Record<string, Route>,
  host = '127.0.0.1',
): Promise<TestServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.push(path);
    const route = routes[path];
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function send(status: number, type: string, body: string | Buffer): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': type }).end(body);
  };
}
