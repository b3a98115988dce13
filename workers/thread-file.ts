// Worker threads run compiled JavaScript: next to this file when running from dist/, else from
// dist/ when running from source (tests build first).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../src/config.js';

export function threadFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const local = path.join(here, name);
  if (existsSync(local)) return local;
  const built = path.join(projectRoot(), 'dist', 'workers', name);
  if (!existsSync(built))
    throw new Error(`workers: ${built} is missing; run "npm run build" first`);
  return built;
}
