// An extraction thread (workers/cpu-threads.ts): jsdom and Readability on one page at a time.
import { runExtractTask } from '../src/pipeline/extract-task.js';
import { serveTasks } from './thread-serve.js';

serveTasks('newsmon-extract', runExtractTask);
