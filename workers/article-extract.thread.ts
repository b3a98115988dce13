// An extraction thread (workers/cpu-threads.ts): jsdom and Readability on one page at a time.
import { runExtractTask } from '../src/pipeline/cpu-tasks.js';
import { serveTasks } from './thread-serve.js';

serveTasks('newsmon-extract', runExtractTask);
