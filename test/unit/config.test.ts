import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped files into a typed, frozen config', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(8080);
    expect(config.feeds.length).toBeGreaterThanOrEqual(6);
    expect(config.feeds.map((f) => f.outlet)).toEqual(
      expect.arrayContaining([
        'Chicago Sun-Times',
        'Chicago Tribune',
        'CBS News Chicago',
        'WTTW News',
        'Block Club Chicago',
        'Fox News',
      ]),
    );
    expect(config.story.entities.map((e) => e.name)).toContain('Chicago Police Department');
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.corpus.dirs[0]).toMatch(/corpus[/\\]seed$/);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it.each([
    ['REDIS_URL', 'redis://10.0.0.5:6380/2', (c: ReturnType<typeof loadConfig>) => c.redis.url],
    ['PORT', '9999', (c: ReturnType<typeof loadConfig>) => c.http.port],
    ['LOG_LEVEL', 'debug', (c: ReturnType<typeof loadConfig>) => c.log.level],
    ['NEWSMON_FETCH_ALLOW', '127.0.0.1, ::1', (c: ReturnType<typeof loadConfig>) => c.fetch.allow],
  ])('lets %s override the file', (name, value, read) => {
    const expected =
      name === 'PORT' ? 9999 : name === 'NEWSMON_FETCH_ALLOW' ? ['127.0.0.1', '::1'] : value;
    expect(read(loadConfig({ env: { [name]: value } }))).toEqual(expected);
  });

  it('resolves NEWSMON_DATA_DIR against the working directory', () => {
    const config = loadConfig({ env: { NEWSMON_DATA_DIR: 'var/nm' }, cwd: '/srv' });
    expect(config.dataDir).toBe(path.resolve('/srv/var/nm'));
  });

  it('merges a config dir over the shipped defaults key by key', () => {
    const dir = configDir({ 'default.yaml': 'http:\n  port: 7000\n' });
    const config = loadConfig({ env: { NEWSMON_CONFIG_DIR: dir } });
    expect(config.http.port).toBe(7000);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.feeds.length).toBeGreaterThan(0);
  });

  it('reports every problem at once, naming the file or variable, the key and what was expected', () => {
    const dir = configDir({
      'default.yaml': 'http:\n  port: "eighty"\npolling:\n  intervalSeconds: -5\ntypo: 1\n',
      'feeds.yaml':
        'feeds:\n  - id: Bad Id\n    outlet: X\n    url: ftp://example.com/feed\n  - id: ok\n    outlet: Y\n    url: https://example.com/a\n  - id: ok\n    outlet: Z\n    url: https://example.com/b\n',
    });
    const problems = problemsOf(() =>
      loadConfig({ env: { NEWSMON_CONFIG_DIR: dir, LOG_LEVEL: 'loud' }, cwd: dir }),
    );
    const text = problems.join('\n');
    expect(text).toContain('default.yaml: http.port');
    expect(text).toContain('default.yaml: polling.intervalSeconds');
    expect(text).toContain('typo');
    expect(text).toContain('environment LOG_LEVEL (log.level)');
    expect(text).toContain('feeds.yaml: feeds.0.id');
    expect(text).toContain('feeds.yaml: feeds.0.url');
    expect(text).toContain('feeds.2.id: duplicate feed id "ok"');
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ['a duration without a unit', ['1h', '90']],
    ['durations out of order', ['6h', '1h']],
  ])('rejects revisions.recheckAfter with %s', (_name, recheckAfter) => {
    const problems = problemsOf(() => loadConfig({ overrides: { revisions: { recheckAfter } } }));
    expect(problems.join('\n')).toMatch(/revisions\.recheckAfter/);
  });

  it('reports YAML that does not parse with its file name', () => {
    const dir = configDir({ 'story.yaml': 'name: [unclosed\n' });
    const problems = problemsOf(() => loadConfig({ env: { NEWSMON_CONFIG_DIR: dir }, cwd: dir }));
    expect(problems.join('\n')).toMatch(/story\.yaml: not valid YAML/);
  });

  it('rejects a story whose required groups do not exist', () => {
    const dir = configDir({
      'story.yaml':
        'name: s\nwindow: {from: null, to: null}\nthreshold: 0.5\nrequire: [[ghost]]\ngroups: {a: {weight: 1, terms: [x]}}\nentities: []\nnegative: []\n',
    });
    const problems = problemsOf(() => loadConfig({ env: { NEWSMON_CONFIG_DIR: dir }, cwd: dir }));
    expect(problems).toEqual([expect.stringContaining('require.0.0: unknown group "ghost"')]);
  });
});
