import { ERRORS, type ErrorCode } from '../errors.js';

/**
 * The code and message of a failed job's reason as BullMQ keeps it: `CODE: message` for a
 * permanent error (job-processor.ts), BullMQ's own words for a stall, else the error's message.
 */
export function failureOf(reason: string): { code: string; message: string } {
  const m = /^([A-Z][A-Z_]+): ([\s\S]*)$/.exec(reason);
  if (m && m[1]! in ERRORS) return { code: m[1] as ErrorCode, message: m[2]! };
  if (/stalled/i.test(reason)) return { code: 'JOB_STALLED', message: reason };
  return { code: 'JOB_FAILED', message: reason };
}
