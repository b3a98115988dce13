import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

// Secrets never reach the log: tokens in headers, signing secrets, passwords inside Redis URLs.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'req.headers["webhook-signature"]',
  'req.headers["x-miniflux-signature"]',
  '*.token',
  '*.secret',
  '*.password',
  'redisUrl',
  '*.redisUrl',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { pid: process.pid, service: 'newsmon' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Redis URL with any password masked, for the one place a URL is printed. */
export function maskRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*):([^@/]*)@/, '//$1:***@');
}
