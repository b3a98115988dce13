#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (run by `npm start` and `npm test`) produces it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('newsmon: not built yet; run "npm run build" in the newsmon directory\n');
  process.exit(1);
}
await import(main.href);
