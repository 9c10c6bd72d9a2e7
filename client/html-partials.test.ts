import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlPartials } from './html-partials.js';

function transform(html: string, partials: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partials-'));
  for (const [name, text] of Object.entries(partials)) fs.writeFileSync(path.join(dir, `${name}.html`), text);
  const hook = htmlPartials(dir).transformIndexHtml as { order: string; handler: (html: string) => string };
  // Before Vite's own pass, which bundles what the partials bring.
  expect(hook.order).toBe('pre');
  return hook.handler(html);
}

describe('htmlPartials', () => {
  it('puts the partial in place of its comment, indented like it, with its values filled in', () => {
    const html = '<body>\n    <!-- partial:hello who=teller-name -->\n</body>';
    expect(transform(html, { hello: '<p>\n  <b data-testid="{{who}}"></b>\n</p>\n' })).toBe(
      '<body>\n    <p>\n      <b data-testid="teller-name"></b>\n    </p>\n</body>',
    );
  });

  it('refuses a partial whose value is missing, rather than shipping a placeholder', () => {
    expect(() => transform('  <!-- partial:hello -->', { hello: '{{who}}' })).toThrow(/needs who/);
  });
});
