import { describe, expect, it } from 'vitest';
import { browserFamily, mediaHelpKey } from './media-help.js';

const AGENTS = {
  chrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0',
  safari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  other: 'SomeKiosk/1.0',
} as const;

describe('media help for the browser in use', () => {
  it('tells Chrome, Edge, Firefox and Safari apart', () => {
    for (const [family, agent] of Object.entries(AGENTS)) expect(browserFamily(agent)).toBe(family);
  });

  it('gives each its own instructions', () => {
    expect(mediaHelpKey(AGENTS.firefox)).toBe('media.help.firefox');
    expect(mediaHelpKey(AGENTS.other)).toBe('media.help.other');
  });
});
