// The `newsmon` command as a user runs it: the built CLI in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { CheckLine } from '../../src/cli/one-shot.js';
import { runClaimsCommand } from '../../src/cli/claims-command.js';
import { loadConfig, projectRoot, type AppConfig } from '../../src/config.js';
import { freePort, pingRedis } from '../../src/store/redis-server.js';
import { startTestRedis } from '../helpers/redis.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const root = projectRoot();
const bin = path.join(root, 'bin', 'newsmon.js');
const site = path.join(root, 'test', 'fixtures', 'site');
const seed = (id: string) => path.join(root, 'corpus', 'seed', `${id}.txt`);

function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const jsonl = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('newsmon extract', () => {
  it('prints one JSON line per HTML file of a directory, sorted by name, in the documented shape', () => {
    const { code, stdout } = run(['extract', site, '--jsonl']);
    expect(code).toBe(0);
    const lines = jsonl(stdout);
    expect(lines.map((l) => path.basename(String(l.input)))).toEqual([
      'new-quote.html',
      'republished.html',
      'unrelated.html',
    ]);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(
        [
          'byline',
          'input',
          'lang',
          'method',
          'publishedAt',
          'siteName',
          'text',
          'title',
          'url',
          'wordCount',
        ].sort(),
      );
    }
    const quote = lines[0]!;
    expect(quote).toMatchObject({
      title: "Aldermen question CPD's role as immigration agents return to Brighton Park",
      siteName: 'Test Metro News',
      publishedAt: '2025-10-08T16:00:00.000Z',
      lang: 'en',
      method: 'readability',
    });
    expect(String(quote.text).split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(String(quote.text)).toContain('“Nobody on this council wants a patrol officer');
    expect(quote.wordCount).toBeGreaterThan(100);
  });

  it('uses --url as the page address of a file', () => {
    const { stdout } = run([
      'extract',
      path.join(site, 'unrelated.html'),
      '--url',
      'https://news.example.com/trail',
      '--jsonl',
    ]);
    expect(jsonl(stdout)[0]).toMatchObject({ url: 'https://news.example.com/trail' });
  });

  it('reports a failed input as an error line, goes on, and exits non-zero', () => {
    const { code, stdout } = run([
      'extract',
      path.join(site, 'missing.html'),
      path.join(site, 'unrelated.html'),
      '--jsonl',
    ]);
    expect(code).toBe(1);
    const [bad, good] = jsonl(stdout);
    expect(bad).toMatchObject({
      input: path.join(site, 'missing.html'),
      error: { code: 'INPUT_INVALID' },
    });
    expect(good).toMatchObject({ method: 'readability' });
  });

  // Issue 18: the daemon skips such bytes as FETCH_NOT_HTML; extract printed their raw markup.
  it('judges a file’s bytes as the fetcher does: binary and BOM-less UTF-16 refused, a BOM read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-extract-'));
    const page = readFileSync(path.join(site, 'unrelated.html'), 'utf8');
    const utf16 = Buffer.from(page, 'utf16le');
    const files = {
      'a-utf16le-no-bom.html': utf16,
      'b-png.html': Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d', 'hex'), utf16]),
      'c-utf16le-bom.html': Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
    const { code, stdout } = run(['extract', dir, '--jsonl']);
    expect(code).toBe(1);
    const [noBom, png, bom] = jsonl(stdout);
    expect(noBom).toMatchObject({
      error: {
        code: 'FETCH_NOT_HTML',
        message: 'fetch: not an HTML page (no type, but binary data)',
      },
    });
    expect(noBom).not.toHaveProperty('text');
    expect(png).toMatchObject({
      error: { code: 'FETCH_NOT_HTML', message: expect.stringContaining('a PNG image') as string },
    });
    expect(bom).toMatchObject({
      method: 'readability',
      title: expect.stringContaining('lakefront trail') as string,
    });
    expect(String(bom!.text)).not.toContain('<');
  });

  it('prints a readable report without --jsonl', () => {
    const { code, stdout } = run(['extract', path.join(site, 'unrelated.html')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^== .*unrelated\.html\ntitle: +New lakefront trail/m);
  });
});

describe('newsmon check', () => {
  it('judges text and HTML inputs against the seed corpus in the documented shape', () => {
    const { code, stdout } = run([
      'check',
      seed('002_437fed77ab298106'),
      path.join(site, 'new-quote.html'),
      path.join(site, 'unrelated.html'),
      '--jsonl',
    ]);
    expect(code).toBe(0);
    const [copy, fresh, unrelated] = jsonl(stdout) as unknown as CheckLine[];
    expect(copy!.dedup).toMatchObject({
      verdict: 'duplicate',
      matches: [{ doc: '002_437fed77ab298106', jaccard: 1, containment: 1 }],
    });
    // A copy is analysed only for what it adds to its origin: a verbatim copy adds nothing.
    expect(copy!.claims).toEqual([]);
    expect(fresh!.relevance.relevant).toBe(true);
    const newQuotes = fresh!.claims.filter((c) => c.kind === 'quote' && c.novelty === 'new');
    expect(newQuotes).toHaveLength(1);
    expect(newQuotes[0]!.speaker).toContain('Quintero');
    // Issue 2's fields stay; the claims issue adds evidence beside them.
    expect(Object.keys(newQuotes[0]!).sort()).toEqual([
      'conflict',
      'diff',
      'id',
      'kind',
      'nearest',
      'novelty',
      'quantities',
      'reasons',
      'speaker',
      'speakerRole',
      'text',
      'worthiness',
    ]);
    expect(newQuotes[0]!.id).toMatch(/^[0-9a-f]{20}$/);
    expect(unrelated!.relevance).toMatchObject({ relevant: false });
  });

  it('compares with the corpus given by --corpus instead of the seeds', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-corpus-'));
    writeFileSync(
      path.join(dir, 'trail.txt'),
      'Cyclists and runners in Chicago got a new stretch of lakefront trail on Saturday, as the Park District opened a two-mile segment between 71st Street and the South Shore Cultural Center.\n',
    );
    const { stdout } = run([
      'check',
      path.join(site, 'unrelated.html'),
      '--corpus',
      dir,
      '--jsonl',
    ]);
    const [line] = jsonl(stdout) as { dedup: { verdict: string; matches: { doc: string }[] } }[];
    expect(line!.dedup.verdict).toBe('contained');
    expect(line!.dedup.matches[0]!.doc).toBe('trail');
  });
});

describe('newsmon mistakes on the command line', () => {
  it.each([
    [
      'an unknown option',
      ['claims', 'list', '--offset', '50', '--page', '2'],
      'newsmon claims: unknown option --page; see newsmon claims --help',
    ],
    [
      'a bad value',
      ['alerts', 'list', '--limit', 'all'],
      'newsmon alerts: --limit must be a whole number 1–500, not "all"; see newsmon alerts --help',
    ],
    [
      'a missing argument',
      ['reprocess', 'show'],
      'newsmon reprocess show: give a run id; see newsmon reprocess --help',
    ],
    [
      'an unknown option of extract',
      ['extract', '--jsnol', 'x.html'],
      'newsmon extract: unknown option --jsnol; see newsmon --help',
    ],
  ])('answers %s with one readable line and exit code 2, before asking Redis', (_n, args, line) => {
    // REDIS_URL points nowhere: the mistake is found before any connection is tried.
    const { code, stderr } = run(args, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect([code, stderr]).toEqual([2, `${line}\n`]);
  });
});

describe('newsmon configuration and start-up', () => {
  function configDir(defaults: string, feeds = 'feeds: []\n'): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-cli-'));
    writeFileSync(path.join(dir, 'default.yaml'), defaults);
    writeFileSync(path.join(dir, 'feeds.yaml'), feeds);
    return dir;
  }

  it('refuses an invalid configuration with every problem listed and exit code 2', () => {
    const dir = configDir('http:\n  port: -1\njobs:\n  attempts: 0\n');
    const { code, stderr } = run(['start'], { NEWSMON_CONFIG_DIR: dir, REDIS_URL: 'not-a-url' });
    expect(code).toBe(2);
    expect(stderr).toContain('http.port');
    expect(stderr).toContain('jobs.attempts');
    expect(stderr).toContain('environment REDIS_URL (redis.url)');
  });

  it('says in one line how to get Redis when none answers and redis-server is missing', async () => {
    const port = await freePort();
    const dir = configDir(
      `redis:\n  embedded:\n    binary: redis-server-not-installed\n    port: ${port}\n`,
    );
    const { code, stderr } = run(['start'], {
      NEWSMON_CONFIG_DIR: dir,
      NEWSMON_DATA_DIR: path.join(dir, 'data'),
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /apt install redis-server.*brew install redis.*docker compose up -d redis/,
    );
  });

  /** `newsmon start` in a child process; resolves once it listens. */
  async function startDaemonProcess(dir: string, dataDir: string) {
    const child = spawn(process.execPath, [bin, 'start'], {
      cwd: root,
      env: {
        ...process.env,
        NEWSMON_CONFIG_DIR: dir,
        NEWSMON_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // Started once it listens (a log line on stdout) and has said which Redis it uses (a note on
    // stderr, written first): two pipes deliver in no fixed order, so both are waited for.
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up: ${out}`)), 90_000);
      const check = () => {
        const m = /"address":"([^"]+)".*newsmon is listening/.exec(out);
        if (m && /^newsmon: .*instance [0-9a-f]{16}/m.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
    // How it ended: its exit code, else the signal that ended it, with what it printed (a
    // failure then says why the daemon did not stop cleanly).
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => {
        if (code !== 0) process.stderr.write(`newsmon start ended ${code ?? signal}:\n${out}\n`);
        resolve(code ?? `signal ${signal}`);
      }),
    );
    return { child, address, exited, output: () => out };
  }

  it('starts its own redis-server with AOF under the data dir, loads the seeds once, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dir = configDir(
      `redis:\n  embedded:\n    port: ${port}\nhttp:\n  host: 127.0.0.1\n  port: 0\n`,
    );
    const dataDir = path.join(dir, 'data');
    const start = () => startDaemonProcess(dir, dataDir);

    const first = await start();
    expect(await (await fetch(`${first.address}/health`)).json()).toEqual({ status: 'ok' });
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    const started = new RegExp(
      `^newsmon: started its own redis-server at redis://127\\.0\\.0\\.1:${port}, data in ${escape(path.join(dataDir, 'redis'))}; new newsmon instance [0-9a-f]{16}$`,
      'm',
    );
    expect(first.output()).toMatch(started);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await pingRedis('127.0.0.1', port, 300)).toBe(false);

    const second = await start();
    const id = /new newsmon instance ([0-9a-f]{16})/.exec(first.output())![1]!;
    // The same data, so the same instance: not "new" the second time.
    expect(second.output()).toContain(
      `data in ${path.join(dataDir, 'redis')}; newsmon instance ${id}\n`,
    );
    const redis = new Redis(`redis://127.0.0.1:${port}`);
    try {
      expect(await redis.scard('newsmon:corpus:ids')).toBe(5);
      expect(await redis.hlen('newsmon:dedup:fp')).toBe(5);
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      redis.disconnect();
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('"embedded":true');
  }, 180_000);

  it('stops cleanly on a SIGTERM sent during start-up: exit 0, and its own redis-server stopped', async () => {
    const port = await freePort();
    const dir = configDir(
      `redis:\n  embedded:\n    port: ${port}\nhttp:\n  host: 127.0.0.1\n  port: 0\n`,
    );
    const child = spawn(process.execPath, [bin, 'start'], {
      cwd: root,
      env: {
        ...process.env,
        NEWSMON_CONFIG_DIR: dir,
        NEWSMON_DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'info',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? `signal ${signal}`)),
    );
    // The first log line says which Redis was chosen: its own redis-server is running by then,
    // and loading the corpus, the threads and the HTTP server are still to come.
    await new Promise<void>((resolve) => {
      const check = (d: Buffer) => {
        out += d.toString();
        if (out.includes('"msg":"redis selected"')) resolve();
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) process.stderr.write(`newsmon start ended ${code}:\n${out}\n`);
    expect(code).toBe(0);
    expect(out).toContain('"signal":"SIGTERM"');
    expect(await pingRedis('127.0.0.1', port, 300)).toBe(false);
  }, 120_000);

  it('refuses a Redis that holds no newsmon unless REDIS_URL chose it, adopts it on start and says so, and every command names it', async () => {
    const bare = await startTestRedis();
    const dir = configDir(
      `redis:\n  embedded:\n    port: ${bare.port}\nhttp:\n  host: 127.0.0.1\n  port: 0\n`,
    );
    const dataDir = path.join(dir, 'data');
    const config = (env: Record<string, string> = {}) =>
      loadConfig({ env: { NEWSMON_CONFIG_DIR: dir, NEWSMON_DATA_DIR: dataDir, ...env } });
    const claims = async (cfg: AppConfig) => {
      const err: string[] = [];
      const code = await runClaimsCommand(
        cfg,
        ['list'],
        () => undefined,
        (t) => err.push(t),
      );
      return { code, err };
    };
    let daemon: Awaited<ReturnType<typeof startDaemonProcess>> | null = null;
    try {
      expect(await claims(config())).toEqual({
        code: 1,
        err: [
          `newsmon claims: REDIS_NOT_NEWSMON: redis: ${bare.url} answers but holds no newsmon instance (no newsmon:instance); start newsmon (npm start), or set REDIS_URL to use this Redis anyway`,
        ],
      });
      expect(await claims(config({ REDIS_URL: bare.url }))).toEqual({
        code: 0,
        err: [`newsmon: redis ${bare.url} (REDIS_URL), no newsmon instance recorded there yet`],
      });

      daemon = await startDaemonProcess(dir, dataDir);
      expect(daemon.output()).toMatch(
        new RegExp(
          `^newsmon: adopted the Redis already answering at ${escape(bare.url)} \\(REDIS_URL unset; not started by newsmon\\); new newsmon instance [0-9a-f]{16}$`,
          'm',
        ),
      );
      const named = await claims(config());
      expect(named.code).toBe(0);
      expect(named.err).toEqual([
        expect.stringMatching(
          new RegExp(
            `^newsmon: redis ${escape(bare.url)} \\(REDIS_URL unset: the embedded port\\), newsmon instance [0-9a-f]{16} of ${escape(dataDir)}, started \\S+ \\(pid ${daemon.child.pid} on `,
          ),
        ),
      ]);
    } finally {
      daemon?.child.kill('SIGTERM');
      if (daemon) expect(await daemon.exited).toBe(0);
      await bare.stop();
    }
  }, 180_000);
});
