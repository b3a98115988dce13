import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const WHSEC = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('auth and webhook configuration', () => {
  it('ships with no tokens and no webhook secrets: both are per deployment', () => {
    const config = loadConfig({});
    expect(config.auth.tokens).toEqual([]);
    expect(config.webhooks.alerts.secret).toBeNull();
    expect(config.webhooks.miniflux.secret).toBeNull();
    expect(config.webhooks.tokens).toEqual([]);
    expect(config.webhooks.bodyLimitBytes).toBe(262144);
  });

  it('adds NEWSMON_API_TOKEN to the tokens of the file under the name "env"', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-config-'));
    writeFileSync(
      path.join(dir, 'default.yaml'),
      'auth:\n  tokens:\n    - { name: alice, token: alice-token-0123456789 }\n',
    );
    const config = loadConfig({
      env: { NEWSMON_CONFIG_DIR: dir, NEWSMON_API_TOKEN: 'from-the-environment-123' },
    });
    expect(config.auth.tokens).toEqual([
      { name: 'alice', token: 'alice-token-0123456789' },
      { name: 'env', token: 'from-the-environment-123' },
    ]);
  });

  it('takes the webhook secrets from NEWSMON_WEBHOOK_SECRET and NEWSMON_MINIFLUX_SECRET', () => {
    const config = loadConfig({
      env: { NEWSMON_WEBHOOK_SECRET: WHSEC, NEWSMON_MINIFLUX_SECRET: 'miniflux-secret-0123456' },
    });
    expect(config.webhooks.alerts.secret).toBe(WHSEC);
    expect(config.webhooks.miniflux.secret).toBe('miniflux-secret-0123456');
  });

  it.each([
    [
      'a short NEWSMON_API_TOKEN, naming the variable',
      { env: { NEWSMON_API_TOKEN: 'short' } },
      /^environment NEWSMON_API_TOKEN \(auth\.tokens\.0\.token\): expected at least 16/,
    ],
    [
      'a token with a space',
      { overrides: { auth: { tokens: [{ name: 'a', token: 'has a space in it 0123' }] } } },
      /auth\.tokens\.0\.token: expected letters/,
    ],
    [
      'two tokens with one name',
      {
        overrides: {
          auth: {
            tokens: [
              { name: 'a', token: 'first-token-0123456789' },
              { name: 'a', token: 'second-token-0123456789' },
            ],
          },
        },
      },
      /auth\.tokens\.1\.name: duplicate name "a"/,
    ],
    [
      'a path token that is also an API token',
      {
        overrides: {
          auth: { tokens: [{ name: 'a', token: 'shared-token-0123456789' }] },
          webhooks: { tokens: [{ name: 'z', token: 'shared-token-0123456789' }] },
        },
      },
      /webhooks\.tokens\.0\.token: must differ from every auth token/,
    ],
    [
      'a path token with a slash',
      { overrides: { webhooks: { tokens: [{ name: 'z', token: 'with/slash-0123456789' }] } } },
      /webhooks\.tokens\.0\.token: expected letters/,
    ],
    [
      'a webhook secret without the whsec_ prefix',
      { env: { NEWSMON_WEBHOOK_SECRET: Buffer.alloc(32).toString('base64') } },
      /NEWSMON_WEBHOOK_SECRET .*expected whsec_/,
    ],
    [
      'a webhook secret of 8 bytes',
      { env: { NEWSMON_WEBHOOK_SECRET: `whsec_${Buffer.alloc(8).toString('base64')}` } },
      /at least 16 bytes/,
    ],
  ])('refuses %s', (_name, options, problem) => {
    const problems = problemsOf(() => loadConfig(options));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('never repeats a token in a configuration problem', () => {
    const problems = problemsOf(() => loadConfig({ env: { NEWSMON_API_TOKEN: 'sec ret' } }));
    expect(problems.join('\n')).not.toContain('sec ret');
  });
});
