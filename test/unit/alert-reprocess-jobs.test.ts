// The registry's entries for outbound alerts and reprocessing runs.
import { describe, expect, it } from 'vitest';
import { alertSecretEnv, loadConfig, type ConfigError } from '../../src/config.js';
import { alertJobs, followUps, jobIdFor, jobOptions } from '../../src/jobs/job-registry.js';
import { parseReprocessRequest } from '../../src/pipeline/reprocess.js';

const articleId = '0123456789abcdef0123';
const snapshot = 'ab'.repeat(32);
const SECRET = `whsec_${Buffer.from('a-secret-of-more-than-16-bytes').toString('base64')}`;

describe('alert and reprocess jobs', () => {
  it('alerts each item an analysis created to every target, one job per pair', () => {
    const jobs = alertJobs(['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb'], ['desk', 'slack']);
    expect(jobs.map((p) => jobIdFor('alert.deliver', p))).toEqual([
      'alert-aaaaaaaaaaaaaaaaaaaa-desk',
      'alert-aaaaaaaaaaaaaaaaaaaa-slack',
      'alert-bbbbbbbbbbbbbbbbbbbb-desk',
      'alert-bbbbbbbbbbbbbbbbbbbb-slack',
    ]);
    expect(
      jobIdFor('alert.deliver', { itemId: 'aaaaaaaaaaaaaaaaaaaa', target: 'desk', rev: 7 }),
    ).toBe('alert-aaaaaaaaaaaaaaaaaaaa-desk-r7');
  });

  it('gives alert deliveries their own retries', () => {
    const { jobs } = loadConfig({ overrides: { jobs: { alerts: { attempts: 9, backoffMs: 5 } } } });
    expect(jobOptions('alert.deliver', jobs)).toMatchObject({
      attempts: 9,
      backoff: { type: 'exponential', delay: 5 },
    });
  });

  it('carries a run and its revisit number from stage to stage', () => {
    const run = { rev: 42, reprocess: 'run1' };
    const [extract] = followUps('article.fetch', { status: 'done', articleId, snapshot, ...run });
    expect(extract).toEqual({ name: 'article.extract', payload: { articleId, snapshot, ...run } });
    const [analyze] = followUps('article.extract', {
      status: 'done',
      articleId,
      snapshot,
      method: 'readability',
      ...run,
    });
    expect(jobIdFor('article.analyze', analyze!.payload as never)).toBe(
      `analyze-${articleId}-${snapshot.slice(0, 16)}-r42`,
    );
    expect(jobIdFor('feed.poll', { feedId: 'a', force: true, reprocess: 'run1', rev: 1 })).toBe(
      'reprocess-run1-poll-a',
    );
  });

  it('reads a reprocess request: one scope, a stage defaulting by scope', () => {
    expect(parseReprocessRequest({ feed: 'x' })).toEqual({
      scope: { kind: 'feed', feed: 'x' },
      stage: 'fetch',
    });
    expect(parseReprocessRequest({ articles: 'all' }).stage).toBe('analyze');
    expect(parseReprocessRequest({ to: '2025-10-08', dateField: 'createdAt' }).scope).toEqual({
      kind: 'dates',
      field: 'createdAt',
      from: null,
      to: '2025-10-08',
    });
    expect(() => parseReprocessRequest({})).toThrow(/exactly one scope/);
    expect(() => parseReprocessRequest({ feeds: 'all', outlet: 'x' })).toThrow(/exactly one/);
    expect(() => parseReprocessRequest({ articles: ['nope'] })).toThrow(/article id/);
    expect(() => parseReprocessRequest({ feed: 'x', stage: 'dedup' })).toThrow(/stage/);
  });

  it('validates alert targets and takes their secrets from the environment', () => {
    const target = { name: 'desk.1', url: 'https://hooks.example.com/x' };
    expect(alertSecretEnv('desk.1')).toBe('NEWSMON_ALERT_SECRET_DESK_1');
    const config = loadConfig({
      env: { NEWSMON_ALERT_SECRET_DESK_1: SECRET },
      overrides: { alerts: { targets: [target] } },
    });
    expect(config.alerts.targets).toEqual([
      { ...target, format: 'standard', secret: SECRET, events: ['review', 'feed-health'] },
    ]);
    const problems = (targets: object[]) => {
      try {
        loadConfig({ overrides: { alerts: { targets } } });
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
      return '';
    };
    const bad = problems([target, { name: 'x', url: 'ftp://a', format: 'slack' }]);
    expect(bad).toMatch(/alerts\.targets\.0\.secret: a standard target needs a secret/);
    expect(bad).toMatch(/alerts\.targets\.1\.url/);
    const slack = { ...target, format: 'slack' };
    expect(problems([slack, slack])).toMatch(/alerts\.targets\.1\.name: duplicate name "desk\.1"/);
    // What a target is sent: review items, feed health changes, or both (the default).
    expect(problems([{ ...slack, events: [] }])).toMatch(
      /alerts\.targets\.0\.events: expected at least one/,
    );
    expect(problems([{ ...slack, events: ['review', 'review'] }])).toMatch(/listed twice/);
    expect(problems([{ ...slack, events: ['feeds'] }])).toMatch(/alerts\.targets\.0\.events\.0/);
    expect(problems([{ ...slack, events: ['feed-health'] }])).toBe('');
  });
});
