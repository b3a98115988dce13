// The API's tokens as the composition root resolves them: the configured ones (config file and
// NEWSMON_API_TOKEN), else one generated once and kept under the data directory.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig, NamedToken } from '../src/config.js';
import type { Logger } from '../src/logger.js';

export const TOKEN_FILE = 'api-token';
/** The generated token's name, recorded as the reviewer of decisions taken with it. */
export const GENERATED_TOKEN_NAME = 'local';

export interface ResolvedTokens {
  tokens: NamedToken[];
  /** Set only on the start that generated the token: it is shown to the operator this once. */
  generated: { file: string; token: string } | null;
}

export function resolveApiTokens(
  config: Pick<AppConfig, 'auth' | 'dataDir'>,
  log: Logger,
): ResolvedTokens {
  if (config.auth.tokens.length > 0) return { tokens: [...config.auth.tokens], generated: null };
  const file = path.join(config.dataDir, TOKEN_FILE);
  const existing = readToken(file, log);
  if (existing) {
    log.info({ file }, 'API token read from the data directory');
    return { tokens: [{ name: GENERATED_TOKEN_NAME, token: existing }], generated: null };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  try {
    // wx: two processes starting together on one data dir must not each write their own token.
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = readToken(file, log);
    if (!other) throw new Error(`auth: ${file} exists but holds no token`, { cause: err });
    return { tokens: [{ name: GENERATED_TOKEN_NAME, token: other }], generated: null };
  }
  log.info({ file }, 'API token generated');
  return { tokens: [{ name: GENERATED_TOKEN_NAME, token }], generated: { file, token } };
}

function readToken(file: string, log: Logger): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const token = text.trim();
  if (token.length < 16) throw new Error(`auth: ${file} holds no usable token; delete it`);
  // Someone copied or restored it with a looser mode: the token is a password, tighten it.
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn({ file }, 'API token file was readable by others; mode set to 0600');
  }
  return token;
}

/**
 * What the operator is told on the first start. The token rides in the fragment (#token=),
 * which browsers never send to a server: it stays out of access logs, proxies and Referer
 * headers. The review page reads it, keeps it, and removes it from the address bar.
 */
export function firstStartNotice(address: string, generated: { file: string; token: string }) {
  const host = address.replace('//0.0.0.0', '//127.0.0.1').replace(/\/$/, '');
  return [
    `newsmon: generated an API token and saved it in ${generated.file} (mode 0600).`,
    `  Review page: ${host}/#token=${generated.token}`,
    `  API:         curl -H 'Authorization: Bearer ${generated.token}' ${host}/api/claims`,
    '  It is shown this once; read it from the file later.',
  ].join('\n');
}
