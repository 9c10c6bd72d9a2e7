import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const PARTIAL = /^([ \t]*)<!-- partial:([a-z-]+)((?: [A-Za-z]+=[^\s]+)*) -->$/gm;

/**
 * Pages share markup (the head, the staff header, the login form) that plain HTML cannot
 * include: `<!-- partial:NAME key=value -->` is replaced at build time by
 * `common/partials/NAME.html`, indented as the comment, with `{{key}}` filled in.
 */
export function htmlPartials(partialsDir: string): Plugin {
  return {
    name: 'skyteller-html-partials',
    // Before Vite's own processing, so that the links and scripts a partial
    // brings (the page head's stylesheet) are bundled like the page's own.
    transformIndexHtml: {
      order: 'pre',
      handler: (html) =>
        html.replace(PARTIAL, (_match, indent: string, name: string, args: string) => {
          const values = Object.fromEntries(
            args
              .trim()
              .split(/\s+/)
              .filter(Boolean)
              .map((pair) => pair.split('=') as [string, string]),
          );
          const text = fs.readFileSync(path.join(partialsDir, `${name}.html`), 'utf8');
          const filled = text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
            if (!(key in values)) throw new Error(`partial ${name} needs ${key}`);
            return values[key]!;
          });
          return filled
            .trimEnd()
            .split('\n')
            .map((line) => (line ? indent + line : line))
            .join('\n');
        }),
    },
  };
}
