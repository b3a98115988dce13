// The per-host gate on a private Redis: several connections stand in for several worker processes.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NewsmonError } from '../../src/errors.js';
import { HostGate, type HostGateConfig } from '../../src/store/host-gate.store.js';
import { keysFor, type Keys } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOST = 'news.example';

describe('HostGate', () => {
  let server: TestRedis;
  let conns: Redis[];
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestRedis();
    conns = [0, 1, 2].map((i) => createRedis(server.url, 'worker', `gate-test-${i}`));
    await Promise.all(conns.map((c) => waitReady(c)));
    redis = conns[0]!;
  });

  afterAll(async () => {
    for (const c of conns ?? []) c.disconnect();
    await server?.stop();
  });

  // A fresh prefix per test, so leftovers of one test never open or close the gate of the next.
  beforeEach(() => {
    seq += 1;
    prefix = `hostgate${seq}`;
    keys = keysFor(prefix);
  });
  afterEach(async () => {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
  });

  const gate = (config: Partial<HostGateConfig>, conn: Redis = redis) =>
    new HostGate(conn, keys, { maxConcurrent: 1, minIntervalMs: 0, leaseMs: 10_000, ...config });

  it('grants at most maxConcurrent slots when 20 acquirers race on 3 connections', async () => {
    const gates = conns.map((c) => gate({ maxConcurrent: 4 }, c));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gates[i % gates.length]!.tryAcquire(HOST)),
    );
    const granted = results.filter((r) => r.acquired);
    expect(granted).toHaveLength(4);
    expect(new Set(granted.map((r) => r.token)).size).toBe(4);
    for (const r of results) {
      if (r.acquired) continue;
      expect(r.reason).toBe('concurrency');
      // The earliest lease expiry, ~leaseMs away.
      expect(r.retryInMs).toBeGreaterThan(9_000);
      expect(r.retryInMs).toBeLessThanOrEqual(10_000);
    }
    expect(await redis.zcard(keys.hostSlots(HOST))).toBe(4);
  });

  it('frees a slot on release, and a second release of the same token is harmless', async () => {
    const g = gate({ maxConcurrent: 1 });
    const first = await g.tryAcquire(HOST);
    if (!first.acquired) throw new Error('first attempt denied');
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: false, reason: 'concurrency' });
    await g.release(HOST, first.token);
    await g.release(HOST, first.token);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
  });

  it('frees a slot whose holder never released once leaseMs has passed', async () => {
    const g = gate({ maxConcurrent: 1, leaseMs: 60 });
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
    const denied = await g.tryAcquire(HOST);
    expect(denied).toMatchObject({ acquired: false, reason: 'concurrency' });
    if (denied.acquired) return;
    expect(denied.retryInMs).toBeLessThanOrEqual(60);
    await sleep(denied.retryInMs + 20);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
  });

  it('does not let a late release of an expired lease free the slot its successor holds', async () => {
    const g = gate({ maxConcurrent: 1, leaseMs: 40 });
    const dead = await g.tryAcquire(HOST);
    if (!dead.acquired) throw new Error('first attempt denied');
    await sleep(60);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
    await g.release(HOST, dead.token);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: false, reason: 'concurrency' });
  });

  it('keeps minIntervalMs between starts, reports the remaining interval, and a denied attempt does not push it further', async () => {
    const g = gate({ maxConcurrent: 10, minIntervalMs: 200 });
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
    const lastStart = await redis.get(keys.hostLast(HOST));
    await sleep(50);
    const denied = await g.tryAcquire(HOST);
    expect(denied).toMatchObject({ acquired: false, reason: 'interval' });
    if (denied.acquired) return;
    expect(denied.retryInMs).toBeGreaterThan(50);
    expect(denied.retryInMs).toBeLessThanOrEqual(150);
    expect(await redis.get(keys.hostLast(HOST))).toBe(lastStart);
    // Had the denial restarted the interval, this would still be ~50 ms too early.
    await sleep(denied.retryInMs + 5);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
  });

  it('denies with reason backoff until the backoff passes; backoffUntil reports it; the key then expires', async () => {
    const g = gate({ maxConcurrent: 10 });
    const until = Date.now() + 150;
    await g.backOff(HOST, until);
    expect(await g.backoffUntil(HOST)).toBe(until);
    const denied = await g.tryAcquire(HOST);
    expect(denied).toMatchObject({ acquired: false, reason: 'backoff' });
    if (denied.acquired) return;
    expect(denied.retryInMs).toBeGreaterThan(100);
    expect(denied.retryInMs).toBeLessThanOrEqual(150);
    await sleep(denied.retryInMs + 20);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
    expect(await g.backoffUntil(HOST)).toBeNull();
    expect(await redis.exists(keys.hostBackoff(HOST))).toBe(0);
  });

  it('keeps the later backoff: a shorter one does not shorten it, a longer one extends it', async () => {
    const g = gate({});
    const now = Date.now();
    await g.backOff(HOST, now + 5_000);
    await g.backOff(HOST, now + 1_000);
    expect(await g.backoffUntil(HOST)).toBe(now + 5_000);
    expect(await redis.pttl(keys.hostBackoff(HOST))).toBeGreaterThan(4_000);
    await g.backOff(HOST, now + 8_000);
    expect(await g.backoffUntil(HOST)).toBe(now + 8_000);
    expect(await redis.pttl(keys.hostBackoff(HOST))).toBeGreaterThan(7_000);
  });

  it('acquire waits and succeeds when a slot frees within maxWaitMs', async () => {
    const g = gate({ maxConcurrent: 1 });
    const held = await g.tryAcquire(HOST);
    if (!held.acquired) throw new Error('first attempt denied');
    const started = Date.now();
    setTimeout(() => void g.release(HOST, held.token), 80);
    const token = await g.acquire(HOST, 1_000);
    expect(token).not.toBe(held.token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('acquire throws HOST_BUSY with a retryAt when no slot frees within maxWaitMs', async () => {
    const g = gate({ maxConcurrent: 1, leaseMs: 5_000 });
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true });
    const started = Date.now();
    const err: unknown = await g.acquire(HOST, 120).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(err).toBeInstanceOf(NewsmonError);
    const busy = err as NewsmonError;
    expect(busy).toMatchObject({ code: 'HOST_BUSY', status: 503, transient: true });
    expect(busy.message).toBe(`fetch: host ${HOST} is busy; retry later`);
    // The earliest lease expiry: ~5 s after the slot was taken.
    expect(busy.retryAt).toBeGreaterThan(started + 4_000);
    expect(busy.retryAt).toBeLessThanOrEqual(started + 5_100);
  });

  it('acquire gives up at once when a backoff outlasts maxWaitMs, with retryAt at its end', async () => {
    const g = gate({});
    const until = Date.now() + 3_000;
    await g.backOff(HOST, until);
    const started = Date.now();
    const err: unknown = await g.acquire(HOST, 500).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(200);
    expect(err).toMatchObject({ code: 'HOST_BUSY' });
    expect(Math.abs((err as NewsmonError).retryAt! - until)).toBeLessThan(100);
  });

  it('keeps two hosts apart: a busy, spaced or backed-off host does not hold up another', async () => {
    const g = gate({ maxConcurrent: 1, minIntervalMs: 5_000 });
    expect(await g.tryAcquire('a.example')).toMatchObject({ acquired: true });
    await g.backOff('a.example', Date.now() + 5_000);
    expect(await g.tryAcquire('a.example')).toMatchObject({ acquired: false });
    expect(await g.tryAcquire('b.example')).toMatchObject({ acquired: true });
    expect(await g.backoffUntil('b.example')).toBeNull();
  });

  it('treats host names case-insensitively but a non-default port as a separate host', async () => {
    const g = gate({ maxConcurrent: 1 });
    expect(await g.tryAcquire('News.Example')).toMatchObject({ acquired: true });
    expect(await g.tryAcquire('news.example')).toMatchObject({ acquired: false });
    expect(await g.tryAcquire('news.example:8080')).toMatchObject({ acquired: true });
    expect(await redis.exists(keys.hostSlots('news.example'))).toBe(1);
    expect(await redis.exists(keys.hostSlots('News.Example'))).toBe(0);
  });

  it('leaves nothing behind for an idle host: every key has a TTL and expires by itself', async () => {
    const g = gate({ maxConcurrent: 2, minIntervalMs: 40, leaseMs: 80 });
    const released = await g.tryAcquire(HOST);
    if (!released.acquired) throw new Error('first attempt denied');
    await g.release(HOST, released.token);
    // An emptied sorted set is deleted by Redis itself.
    expect(await redis.exists(keys.hostSlots(HOST))).toBe(0);
    await sleep(50);
    expect(await g.tryAcquire(HOST)).toMatchObject({ acquired: true }); // never released
    await g.backOff(HOST, Date.now() + 60);
    const ttls = await Promise.all(
      [keys.hostSlots(HOST), keys.hostLast(HOST), keys.hostBackoff(HOST)].map((k) => redis.pttl(k)),
    );
    expect(ttls[0]).toBeGreaterThan(0);
    expect(ttls[0]).toBeLessThanOrEqual(80);
    expect(ttls[1]).toBeGreaterThan(0);
    expect(ttls[1]).toBeLessThanOrEqual(40);
    expect(ttls[2]).toBeGreaterThan(0);
    expect(ttls[2]).toBeLessThanOrEqual(60);
    await sleep(100);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it.each([
    ['maxConcurrent 0', { maxConcurrent: 0 }],
    ['fractional minIntervalMs', { minIntervalMs: 1.5 }],
    ['leaseMs 0', { leaseMs: 0 }],
  ])('rejects a config Redis cannot honour: %s', (_, bad) => {
    expect(() => gate(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
