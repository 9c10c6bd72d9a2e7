import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadSigningIdentity } from './cms/identity-store.js';
import { renderingReport, tempDir, writeTemp } from './record-test-kit.js';
import { sampleRecordInput } from './sample-record.js';
import { createSignedRecord } from './signed-record.js';

let file: string;
let pageCount: number;

beforeAll(async () => {
  const dir = tempDir();
  const record = await createSignedRecord(sampleRecordInput(), {
    identity: loadSigningIdentity({ dataDir: dir }),
  });
  file = writeTemp(dir, 'record.pdf', record);
  pageCount = (await PDFDocument.load(record)).getPageCount();
});

describe('the sample record as renderers draw it', () => {
  it('embeds every glyph its text uses as the source font draws it, and both poppler backends draw every page', async () => {
    const report = await renderingReport(file);
    expect(report.glyphs.problems).toEqual([]);
    // The sample's Chinese: names, labels, the timeline.
    expect(report.glyphs.checked).toBeGreaterThan(100);
    for (const renderer of report.renderers) {
      expect(renderer).toEqual({
        tool: renderer.tool,
        errors: '',
        pages: pageCount,
        pagesWithInk: pageCount,
      });
    }
  });
});
