#!/usr/bin/env node
// The `newsmon` command.
import { ConfigError, loadConfig, type AppConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { RedisBinaryMissingError } from '../store/redis-server.js';
import { CLAIMS_USAGE, runClaimsCommand } from './claims-command.js';
import { COMPARE_USAGE, runCompareCommand } from './compare-command.js';
import { ALERTS_USAGE, runAlertsCommand } from './alerts-command.js';
import { parseCommandArgs, UsageError } from './cli-args.js';
import { startRedisLine } from './cli-redis.js';
import { REPROCESS_USAGE, runReprocessCommand } from './reprocess-command.js';
import { FEEDS_USAGE, runFeedsCommand } from './feeds-command.js';
import { runCheck, runExtract, type OneShotLine } from './one-shot.js';
import { DOCTOR_USAGE, runDoctorCommand } from './doctor-command.js';
import { formatCheck, formatExtract } from './report.js';

const USAGE = `usage: newsmon <command> [options]

  start                      API + scheduler + workers in one process (the default)
  worker                     workers and feed schedulers only
  api                        the HTTP API only
  feeds [list|show|add|remove|poll|import|export] ...
                             the feed registry of a running newsmon (newsmon feeds --help)
  claims [list|show|review] ...
                             the review queue of a running newsmon (newsmon claims --help)
  alerts [list|show|replay] ...
                             outbound alert deliveries: log, attempts, replay of dead ones
  reprocess SCOPE [--stage fetch|extract|analyze] | reprocess show RUN
                             re-run feeds or articles from a stage and report what changed
  doctor [--fix]             stuck, orphaned and failed work of a running newsmon; --fix repairs
  extract PATH|URL... [--url URL] [--jsonl]
                             extract article text from HTML files, directories or URLs
  check PATH|URL... [--corpus DIR]... [--url URL] [--jsonl]
                             relevance, dedup verdict and claims of .html/.txt inputs against a
                             corpus (default: the shipped seed corpus)
  compare PAIRS.jsonl        whether b restates a, for each {"id","a","b"} line (the pipeline's
                             restatement judgement, for measuring it on paraphrase sets)

Configuration: config/*.yaml, overridden by REDIS_URL, PORT, NEWSMON_CONFIG_DIR,
NEWSMON_DATA_DIR, NEWSMON_FETCH_ALLOW and LOG_LEVEL.`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Needs no configuration: a pure judgement of sentence pairs.
  if (command === 'compare') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${COMPARE_USAGE}\n`);
      return 0;
    }
    return runCompareCommand(
      rest,
      (text) => process.stdout.write(`${text}\n`),
      (text) => process.stderr.write(`${text}\n`),
    );
  }
  const config = readConfig();
  if (!config) return 2;

  switch (command) {
    case 'start':
      return runDaemon(config, { api: true, workers: true });
    case 'worker':
      return runDaemon(config, { api: false, workers: true });
    case 'api':
      return runDaemon(config, { api: true, workers: false });
    case 'feeds':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${FEEDS_USAGE}\n`);
        return 0;
      }
      return runFeedsCommand(
        config,
        rest,
        (text) => process.stdout.write(`${text}\n`),
        (text) => process.stderr.write(`${text}\n`),
      );
    case 'claims':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${CLAIMS_USAGE}\n`);
        return 0;
      }
      return runClaimsCommand(
        config,
        rest,
        (text) => process.stdout.write(`${text}\n`),
        (text) => process.stderr.write(`${text}\n`),
      );
    case 'alerts':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${ALERTS_USAGE}\n`);
        return 0;
      }
      return runAlertsCommand(
        config,
        rest,
        (text) => process.stdout.write(`${text}\n`),
        (text) => process.stderr.write(`${text}\n`),
      );
    case 'reprocess':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${REPROCESS_USAGE}\n`);
        return 0;
      }
      return runReprocessCommand(
        config,
        rest,
        (text) => process.stdout.write(`${text}\n`),
        (text) => process.stderr.write(`${text}\n`),
        { progress: { tty: process.stderr.isTTY, write: (text) => process.stderr.write(text) } },
      );
    case 'doctor':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${DOCTOR_USAGE}\n`);
        return 0;
      }
      return runDoctorCommand(
        config,
        rest,
        (text) => process.stdout.write(`${text}\n`),
        (text) => process.stderr.write(`${text}\n`),
      );
    case 'extract':
    case 'check': {
      const err = (text: string) => process.stderr.write(`${text}\n`);
      let parsed;
      try {
        parsed = parseCommandArgs(command, rest, {
          jsonl: { type: 'boolean', default: false },
          url: { type: 'string' },
          corpus: { type: 'string', multiple: true, default: [] },
        });
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        err(e.message.replace(`newsmon ${command} --help`, 'newsmon --help'));
        return 2;
      }
      const { values, positionals } = parsed;
      if (positionals.length === 0) {
        err(`newsmon ${command}: give at least one file, directory or URL; see newsmon --help`);
        return 2;
      }
      const format = command === 'extract' ? formatExtract : formatCheck;
      const emit = (line: OneShotLine): void => {
        process.stdout.write(values.jsonl ? `${JSON.stringify(line)}\n` : `${format(line)}\n`);
      };
      const failures =
        command === 'extract'
          ? await runExtract(config, positionals, { url: values.url }, emit)
          : await runCheck(config, positionals, { corpus: values.corpus, url: values.url }, emit);
      return failures > 0 ? 1 : 0;
    }
    default:
      process.stderr.write(`newsmon: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

function readConfig(): AppConfig | null {
  try {
    return loadConfig({ env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`newsmon: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}

async function runDaemon(
  config: AppConfig,
  roles: { api: boolean; workers: boolean },
): Promise<number> {
  const log = createLogger(config.log.level);
  // Listening from the first moment: without a listener Node's default action ends the process
  // on SIGTERM, so a signal during start-up (or in the instant between "newsmon is listening"
  // and setting a listener) killed it outright and left its own redis-server running. A signal
  // during start-up now stops the daemon as soon as it is up.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const { startDaemon } = await import('../../workers/daemon.js');
  let daemon;
  try {
    daemon = await startDaemon({ config, log, roles });
  } catch (err) {
    if (err instanceof RedisBinaryMissingError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // On the terminal as well as in the log: which Redis this newsmon works on, and whose it is.
  process.stderr.write(`${startRedisLine(daemon.redis)}\n`);
  if (daemon.address) log.info({ address: daemon.address }, 'newsmon is listening');
  // Straight to the terminal, not the log: log lines are shipped and kept, the token must not be.
  if (daemon.tokenNotice) process.stderr.write(`${daemon.tokenNotice}\n`);
  const signal = await signalled;
  log.info({ signal }, 'signal received');
  return new Promise<number>((resolve) => {
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      resolve(1);
    }, config.workers.shutdownGraceMs + 10_000);
    force.unref();
    daemon.stop().then(
      () => resolve(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        resolve(1);
      },
    );
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `newsmon: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
