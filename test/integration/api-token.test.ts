// The generated API token as an operator meets it: the built CLI, started twice on one data dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const bin = path.join(projectRoot(), 'bin', 'newsmon.js');

describe('the generated API token', () => {
  let redis: TestRedis;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-token-cli-'));
    writeFileSync(path.join(dir, 'default.yaml'), 'http:\n  host: 127.0.0.1\n  port: 0\n');
    writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
  });

  afterAll(async () => {
    await redis?.stop();
  });

  // `newsmon api`: the API alone, which is all that deals with tokens.
  const start = async () => {
    const child = spawn(process.execPath, [bin, 'api'], {
      env: {
        ...process.env,
        NEWSMON_CONFIG_DIR: dir,
        NEWSMON_DATA_DIR: path.join(dir, 'data'),
        NEWSMON_API_TOKEN: '',
        REDIS_URL: redis.url,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /"address":"([^"]+)".*newsmon is listening/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    const stop = async () => {
      child.kill('SIGTERM');
      return exited;
    };
    return { address, stop, output: () => out };
  };

  it('is generated on first start, kept 0600, printed once as the review page address, and required', async () => {
    const first = await start();
    const file = path.join(dir, 'data', 'api-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const api = (headers: Record<string, string> = {}) =>
      fetch(`${first.address}/api/feeds`, { headers });
    expect((await api()).status).toBe(401);
    expect((await api({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect(await first.stop()).toBe(0);
    const output = first.output();
    expect(output).toContain(`/#token=${token}`);
    // Only the notice carries it: no JSON log line does.
    const carrying = output.split('\n').filter((l) => l.includes(token));
    expect(carrying.length).toBeGreaterThan(0);
    expect(carrying.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);

    const second = await start();
    const again = await fetch(`${second.address}/api/feeds`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(200);
    expect(await second.stop()).toBe(0);
    expect(second.output()).not.toContain(token);
  }, 60_000);
});
