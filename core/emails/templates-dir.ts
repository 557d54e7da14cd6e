/**
 * Where the email templates live, whether we run from source (tsx: core/emails/*.ts) or compiled
 * (node dist/core/emails/*.js).
 *
 * tsc compiles only .ts files, so the .mjml/.txt/.json templates are never copied into dist/: they
 * are read from `<project root>/templates/`, the project root being the nearest ancestor of this
 * module that holds a package.json AND a templates/layout.mjml. The second check skips a
 * package.json that a build may drop into dist/ (e.g. `{"type":"module"}`).
 * A deployment must therefore ship `templates/` beside package.json (as the repository has it),
 * or pass `templatesDir` explicitly to createEmailRenderer.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findTemplatesDir(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates', 'layout.mjml'))) {
      return join(dir, 'templates');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`email templates not found: no package.json with templates/layout.mjml above ${fromUrl}`);
    dir = parent;
  }
}
