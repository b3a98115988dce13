// Runs every *.bench.js next to this file, one after another so they do not share the CPU; names
// given as arguments (e.g. `npm run bench -- feed-poll`) pick a subset.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
if (files.length === 0) throw new Error(`bench: nothing matches ${only.join(' ')} in ${dir}`);

for (const file of files) {
  const bench = (await import(new URL(file, import.meta.url).href)) as {
    default: () => Promise<void>;
  };
  console.log(`# ${file.replace(/\.js$/, '')}`);
  await bench.default();
}
