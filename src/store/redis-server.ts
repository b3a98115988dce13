// Finding or starting Redis. The daemon uses an embedded redis-server when none is configured or
// running; tests start a private one on a free port the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RedisServerHandle {
  url: string;
  port: number;
  /** Shuts the server down (SIGTERM: Redis flushes its AOF) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  binary: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  appendOnly?: boolean;
  maxmemory?: string;
}

export class RedisBinaryMissingError extends Error {
  constructor(binary: string) {
    super(
      `newsmon: no Redis found: set REDIS_URL, or install redis-server (apt install redis-server / brew install redis) so "${binary}" is on PATH, or run "docker compose up -d redis"`,
    );
    this.name = 'RedisBinaryMissingError';
  }
}

export async function startRedisServer(options: StartRedisOptions): Promise<RedisServerHandle> {
  const port = options.port === 0 ? await freePort() : options.port;
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', path.resolve(options.dataDir),
    '--appendonly', options.appendOnly === false ? 'no' : 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--loglevel', 'warning',
  ]; // prettier-ignore
  if (options.maxmemory) args.push('--maxmemory', options.maxmemory);

  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));

  const spawnError = await new Promise<Error | null>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(null));
  });
  if (spawnError) {
    if ((spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RedisBinaryMissingError(options.binary);
    }
    throw spawnError;
  }

  const deadline = Date.now() + 10_000;
  while (!(await pingRedis('127.0.0.1', port, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${output.join('').trim()}`);
    }
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** True when something on host:port answers PING like a Redis server. */
export function pingRedis(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      // "-NOAUTH" still means a Redis is there; it just wants a password in REDIS_URL.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface ResolvedRedis {
  url: string;
  /** REDIS_URL (or redis.url); a Redis found answering on the embedded port; one started here. */
  source: 'configured' | 'adopted' | 'started';
  /** Present when newsmon started the server itself and must stop it on exit. */
  embedded: RedisServerHandle | null;
}

/** REDIS_URL if set; else a Redis already on the embedded port; else a private redis-server. */
export async function resolveRedis(config: {
  url: string | null;
  embedded: { binary: string; port: number };
  dataDir: string;
}): Promise<ResolvedRedis> {
  if (config.url) return { url: config.url, source: 'configured', embedded: null };
  const port = config.embedded.port;
  if (await pingRedis('127.0.0.1', port, 500)) {
    return { url: `redis://127.0.0.1:${port}`, source: 'adopted', embedded: null };
  }
  const handle = await startRedisServer({
    binary: config.embedded.binary,
    port,
    dataDir: path.join(config.dataDir, 'redis'),
  });
  return { url: handle.url, source: 'started', embedded: handle };
}
