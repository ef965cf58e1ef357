/**
 * Every page and every API route of the app, read from the file system (app/**), so the access
 * tests cover routes added later without being edited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpMethod } from '../../lib/auth/access-matrix';
import { PROJECT_ROOT } from './paths';

const APP_DIR = path.join(PROJECT_ROOT, 'app');
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Stands in for `[id]`-style segments: well-formed, and matching nothing. */
export const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('_') ? [] : walk(full);
    return [full];
  });
}

/** `app/(dashboard)/agents/[id]/page.tsx` → `/agents/[id]`. */
function routeOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
  return `/${segments.join('/')}`;
}

/** A concrete URL for a route pattern. */
export function urlOf(route: string): string {
  return route.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, PLACEHOLDER_ID);
}

export function listPages(): string[] {
  return walk(APP_DIR)
    .filter((file) => /\/page\.tsx?$/.test(file))
    .map(routeOf)
    .sort();
}

export function listApiRoutes(): { route: string; methods: HttpMethod[] }[] {
  return walk(path.join(APP_DIR, 'api'))
    .filter((file) => /\/route\.ts$/.test(file))
    .map((file) => {
      const source = readFileSync(file, 'utf8');
      const methods = METHODS.filter((method) =>
        new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b`).test(source),
      );
      return { route: routeOf(file), methods };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}
