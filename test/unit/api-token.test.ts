import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { firstStartNotice, resolveApiTokens, TOKEN_FILE } from '../../workers/api-token.js';

const log = createLogger('silent');
const dataDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'newsmon-token-')), 'data');

describe('resolveApiTokens', () => {
  it('uses the configured tokens and writes no file', () => {
    const dir = dataDir();
    const tokens = [{ name: 'alice', token: 'alice-token-0123456789' }];
    expect(resolveApiTokens({ auth: { tokens }, dataDir: dir }, log)).toEqual({
      tokens,
      generated: null,
    });
  });

  it('generates a token on first start in <dataDir>/api-token, mode 0600, and reuses it', () => {
    const dir = dataDir();
    const first = resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log);
    const file = path.join(dir, TOKEN_FILE);
    expect(first.generated).toEqual({ file, token: first.tokens[0]!.token });
    expect(first.tokens[0]!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.tokens[0]!.token);

    const second = resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log);
    expect(second).toEqual({ tokens: first.tokens, generated: null });
  });

  it('tightens a token file that others could read', () => {
    const dir = dataDir();
    resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log);
    const file = path.join(dir, TOKEN_FILE);
    chmodSync(file, 0o644);
    resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a token file that holds no usable token instead of accepting a weak one', () => {
    const dir = dataDir();
    resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log);
    writeFileSync(path.join(dir, TOKEN_FILE), 'abc\n');
    expect(() => resolveApiTokens({ auth: { tokens: [] }, dataDir: dir }, log)).toThrow(
      /no usable token/,
    );
  });
});

describe('firstStartNotice', () => {
  it('puts the token in the fragment, which browsers never send to the server', () => {
    const notice = firstStartNotice('http://0.0.0.0:8080', { file: '/d/api-token', token: 'T0K' });
    expect(notice).toContain('http://127.0.0.1:8080/#token=T0K');
    expect(notice).not.toMatch(/\?token=/);
    expect(notice).toContain('/d/api-token');
  });
});
