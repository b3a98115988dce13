// Configuration: YAML files in config/ plus environment overrides, validated once, reported all
// together, deep-frozen and passed down explicitly (Fastify's initial-config-validation). The
// schemas live in config-schema.ts; their names are exported here too, where importers look.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  DefaultsSchema,
  FeedsSchema,
  StorySchema,
  type AppConfig,
  type Defaults,
} from './config-schema.js';

export {
  ALERT_EVENTS,
  durationMs,
  type AlertEvent,
  type AlertTarget,
  type AppConfig,
  type FetchConfig,
  type NamedToken,
  type PollingConfig,
  type StoryConfig,
  type Thresholds,
  type WebhooksConfig,
  type WebSubConfig,
} from './config-schema.js';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Environment variable → key of default.yaml it overrides. `append` adds to a list instead, so a
 * token from the environment joins those of the file rather than hiding them.
 */
const ENV_OVERRIDES: Record<
  string,
  { path: string[]; parse: (v: string) => unknown; append?: boolean }
> = {
  REDIS_URL: { path: ['redis', 'url'], parse: (v) => v },
  PORT: { path: ['http', 'port'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  NEWSMON_HOST: { path: ['http', 'host'], parse: (v) => v },
  NEWSMON_DATA_DIR: { path: ['dataDir'], parse: (v) => v },
  NEWSMON_REDIS_PREFIX: { path: ['redis', 'prefix'], parse: (v) => v },
  LOG_LEVEL: { path: ['log', 'level'], parse: (v) => v },
  NEWSMON_API_TOKEN: {
    path: ['auth', 'tokens'],
    parse: (v) => ({ name: 'env', token: v }),
    append: true,
  },
  NEWSMON_WEBHOOK_SECRET: { path: ['webhooks', 'alerts', 'secret'], parse: (v) => v },
  NEWSMON_MINIFLUX_SECRET: { path: ['webhooks', 'miniflux', 'secret'], parse: (v) => v },
  NEWSMON_WEBSUB_CALLBACK_BASE: { path: ['websub', 'callbackBase'], parse: (v) => v },
  NEWSMON_FETCH_ALLOW: {
    path: ['fetch', 'allow'],
    parse: (v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  },
};

let cachedRoot: string | undefined;
/** The directory holding newsmon's package.json, from source (vitest) or from dist/. */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'newsmon'
    ) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('config: cannot find the newsmon package root');
    dir = parent;
  }
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Working directory against which relative paths from the environment resolve. */
  cwd?: string;
  /** Values merged last, over files and environment (tests, CLI flags). */
  overrides?: Record<string, unknown>;
}

export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? {};
  const cwd = options.cwd ?? process.cwd();
  const root = projectRoot();
  const shippedDir = path.join(root, 'config');
  const configDir = env.NEWSMON_CONFIG_DIR ? path.resolve(cwd, env.NEWSMON_CONFIG_DIR) : shippedDir;
  const problems: string[] = [];

  const readYaml = (dir: string, name: string): unknown => {
    const file = path.join(dir, name);
    if (!existsSync(file)) return undefined;
    try {
      return parseYaml(readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      problems.push(
        `${relative(cwd, file)}: not valid YAML: ${(err as Error).message.split('\n')[0]}`,
      );
      return undefined;
    }
  };
  // A user's config dir may hold only the keys it changes; the shipped file gives the rest.
  const fileOf = (name: string): { data: unknown; label: string } => {
    const own = configDir === shippedDir ? undefined : readYaml(configDir, name);
    const shipped = readYaml(shippedDir, name);
    const label = relative(cwd, path.join(own === undefined ? shippedDir : configDir, name));
    if (name !== 'default.yaml') return { data: own ?? shipped, label };
    return { data: deepMerge(shipped ?? {}, own ?? {}), label };
  };

  const defaults = fileOf('default.yaml');
  const envPaths = new Map<string, string>();
  for (const [name, spec] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const data = defaults.data as Record<string, unknown>;
    if (spec.append) {
      const list = getPath(data, spec.path);
      const items = Array.isArray(list)
        ? [...(list as unknown[]), spec.parse(value)]
        : [spec.parse(value)];
      setPath(data, spec.path, items);
      const at = `${spec.path.join('.')}.${items.length - 1}`;
      for (const key of [at, `${at}.name`, `${at}.token`]) envPaths.set(key, name);
    } else {
      setPath(data, spec.path, spec.parse(value));
      envPaths.set(spec.path.join('.'), name);
    }
  }
  if (options.overrides) defaults.data = deepMerge(defaults.data, options.overrides);
  alertSecretsFromEnv(defaults.data, env, envPaths);

  const base = validate(DefaultsSchema, defaults.data, defaults.label, problems, envPaths);
  const feedsFile = fileOf('feeds.yaml');
  const feeds = validate(FeedsSchema, feedsFile.data ?? { feeds: [] }, feedsFile.label, problems);
  const storyFile = fileOf('story.yaml');
  const story = validate(StorySchema, storyFile.data, storyFile.label, problems);

  // Checked on the raw list so that a duplicate id is reported alongside any other feed problem.
  const rawFeeds = (feedsFile.data as { feeds?: unknown } | undefined)?.feeds;
  if (Array.isArray(rawFeeds)) {
    const seen = new Set<unknown>();
    rawFeeds.forEach((f: unknown, i) => {
      const id = isPlainObject(f) ? f.id : undefined;
      if (id !== undefined && seen.has(id)) {
        problems.push(`${feedsFile.label}: feeds.${i}.id: duplicate feed id ${JSON.stringify(id)}`);
      }
      seen.add(id);
    });
  }
  if (story) {
    const groups = new Set(Object.keys(story.groups));
    story.require.forEach((clause, i) =>
      clause.forEach((g, j) => {
        if (!groups.has(g))
          problems.push(`${storyFile.label}: require.${i}.${j}: unknown group "${g}"`);
      }),
    );
    story.entities.forEach((e, i) => {
      if (!groups.has(e.group))
        problems.push(`${storyFile.label}: entities.${i}.group: unknown group "${e.group}"`);
    });
  }
  if (base) {
    problems.push(...tokenProblems(base, defaults.label));
    const targets = new Set<string>();
    base.alerts.targets.forEach((t, i) => {
      if (targets.has(t.name))
        problems.push(`${defaults.label}: alerts.targets.${i}.name: duplicate name "${t.name}"`);
      targets.add(t.name);
    });
  }
  if (base && base.polling.minIntervalSeconds > base.polling.maxIntervalSeconds) {
    problems.push(
      `${defaults.label}: polling.minIntervalSeconds: expected <= polling.maxIntervalSeconds`,
    );
  }
  if (problems.length > 0 || !base || !feeds || !story) throw new ConfigError(problems);

  const config: AppConfig = {
    ...base,
    projectRoot: root,
    configDir,
    dataDir: path.resolve(cwd, base.dataDir),
    corpus: { dirs: base.corpus.dirs.map((d) => path.resolve(root, d)) },
    feeds: feeds.feeds.map((f) => ({ ...f, title: f.title ?? f.outlet })),
    story,
  };
  return deepFreeze(config);
}

function validate<T>(
  schema: z.ZodType<T>,
  data: unknown,
  label: string,
  problems: string[],
  envPaths = new Map<string, string>(),
): T | undefined {
  if (data === undefined) {
    problems.push(`${label}: file is missing or empty`);
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = issue.path.join('.');
    const from = envPaths.get(key);
    const where = from ? `environment ${from} (${key})` : `${label}: ${key || '(top level)'}`;
    problems.push(`${where}: ${issue.message}`);
  }
  return undefined;
}

/**
 * Names must be unique because decisions record them; a path token must not also be an API token
 * because path tokens end up in proxy and access logs.
 */
function tokenProblems(base: Defaults, label: string): string[] {
  const problems: string[] = [];
  const lists = [
    ['auth.tokens', base.auth.tokens],
    ['webhooks.tokens', base.webhooks.tokens],
  ] as const;
  for (const [key, list] of lists) {
    const names = new Set<string>();
    list.forEach((t, i) => {
      if (names.has(t.name))
        problems.push(`${label}: ${key}.${i}.name: duplicate name ${JSON.stringify(t.name)}`);
      names.add(t.name);
    });
  }
  const apiTokens = new Set(base.auth.tokens.map((t) => t.token));
  base.webhooks.tokens.forEach((t, i) => {
    if (apiTokens.has(t.token))
      problems.push(`${label}: webhooks.tokens.${i}.token: must differ from every auth token`);
  });
  return problems;
}

/** The environment variable that holds an alert target's secret: NEWSMON_ALERT_SECRET_<NAME>. */
export function alertSecretEnv(name: string): string {
  return `NEWSMON_ALERT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** A target's secret may live in the environment instead of the file (the file wins if both). */
function alertSecretsFromEnv(
  data: unknown,
  env: Record<string, string | undefined>,
  envPaths: Map<string, string>,
): void {
  const targets = isPlainObject(data) ? getPath(data, ['alerts', 'targets']) : undefined;
  if (!isPlainObject(data) || !Array.isArray(targets)) return;
  // A copy: the list may be the caller's own overrides object.
  const filled = targets.map((t: unknown, i) => {
    if (!isPlainObject(t) || typeof t.name !== 'string' || t.secret) return t;
    const name = alertSecretEnv(t.name);
    const value = env[name];
    if (value === undefined || value === '') return t;
    envPaths.set(`alerts.targets.${i}.secret`, name);
    return { ...t, secret: value };
  });
  setPath(data, ['alerts', 'targets'], filled);
}

function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (!isPlainObject(a) || !isPlainObject(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = deepMerge(a[k], v);
  return out;
}

function getPath(obj: Record<string, unknown>, keys: string[]): unknown {
  let node: unknown = obj;
  for (const k of keys) node = isPlainObject(node) ? node[k] : undefined;
  return node;
}

function setPath(obj: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isPlainObject(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
