// The analysis thread (workers/cpu-threads.ts): finding quotes, speakers and claims, and judging
// them against every known statement. It keeps its own copy of the known statements, brought up
// to date from Redis before each article, as the main thread did before (one script call).
import { workerData } from 'node:worker_threads';
import type { StoryConfig } from '../src/config.js';
import { runAnalysisTask, type AnalysisTask } from '../src/pipeline/analysis-task.js';
import { compileStory } from '../src/relevance/relevance-score.js';
import { DocumentStore } from '../src/store/document.store.js';
import { KnownStatementCache } from '../src/store/known-statements.cache.js';
import { keysFor } from '../src/store/keys.js';
import { createRedis, waitReady } from '../src/store/redis-connection.js';
import { serveTasks } from './thread-serve.js';

export interface AnalyzeThreadSettings {
  redisUrl: string;
  prefix: string;
  story: StoryConfig;
}

const settings = workerData as AnalyzeThreadSettings;
const redis = createRedis(settings.redisUrl, 'worker', 'newsmon-analyze');
// The thread has no logger: the daemon's own connections log an outage (logOutages), and a task
// left waiting on Redis runs into its time budget and fails with a recorded error. Without a
// listener ioredis would print every reconnect attempt to stderr.
redis.on('error', () => {});
const known = new KnownStatementCache(new DocumentStore(redis, keysFor(settings.prefix)));
const story = compileStory(settings.story);

await waitReady(redis);
// Loaded once before the first article, so that no article's budget pays for it.
await known.current();
serveTasks('newsmon-analyze', async (task: AnalysisTask) =>
  runAnalysisTask(task, { story, statements: await known.current() }),
);
