import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import type { RecordingManifest } from '../../server/media/recorder/recording-manifest.js';
import { framesDecoded, launchChromium, newContext, waitForInbound } from '../support/browser.js';
import { customerJoins, staffSignsIn, tellerLogsIn } from '../support/pages.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CUSTOMER_ID = '11010519491231002X';
/** From the teller's accept to the customer's hang-up. */
const CALL_MS = 9_000;
/** How far apart the two sides (and a side and a marker) may be. */
const SYNC_MS = 500;
/** Loading, seeking and hashing take a moment on a loaded machine. */
const POLL = { timeout: 10_000, interval: 100 };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A real call between two Chromium pages, for a high-risk service, with a step
 * pushed, filled in and confirmed in its middle: the timeline then has events
 * while both sides are being recorded.
 */
async function recordedCall(): Promise<void> {
  const teller = await (await newContext(browser)).newPage();
  const customer = await (await newContext(browser)).newPage();
  const { policyNumber } = (EXAMPLE_VALUES['policy-loan'] as Record<string, Record<string, string>>).policy!;
  await tellerLogsIn(teller, server.url);
  await customerJoins(customer, server.url, 'Li Hua 李华', 'policy-loan');
  await teller.click('[data-testid=accept-offer]');
  const acceptedAt = Date.now();
  await waitForInbound(teller, (s) => framesDecoded(s) > 0);
  await waitForInbound(customer, (s) => framesDecoded(s) > 0);
  await teller.waitForTimeout(Math.max(0, acceptedAt + CALL_MS / 3 - Date.now()));
  await teller.click('[data-testid=push-step]');
  await customer.fill('[name=policyNumber]', policyNumber!);
  await customer.click('[data-testid=submit-step]');
  await teller.click('[data-testid=confirm-step]');
  await teller.waitForTimeout(Math.max(0, acceptedAt + CALL_MS - Date.now()));
  await customer.click('[data-testid=hang-up]');
  await expect.poll(() => server.pool.routerCount).toBe(0);
  await Promise.all([teller.context().close(), customer.context().close()]);
}

/**
 * Where in the call each side's video is: its time within its file plus where
 * that file starts in the call. Null for a side showing no file.
 */
function callTimes(page: Page): Promise<{ customer: number | null; teller: number | null }> {
  return page.evaluate(() => {
    const at = (side: string): number | null => {
      const video = document.querySelector<HTMLVideoElement>(`video[data-testid=playback-${side}]`);
      const start = video?.dataset.segmentStartMs;
      return video && start !== undefined ? video.currentTime * 1000 + Number(start) : null;
    };
    return { customer: at('customer'), teller: at('teller') };
  });
}

/** The row's recording and audit chips, or null while the search has found nothing. */
function rowStatuses(page: Page): Promise<{ recording?: string; audit?: string } | null> {
  return page.evaluate(() => {
    const row = document.querySelector('[data-testid=call-row]');
    if (!row) return null;
    const chip = (kind: string) =>
      row.querySelector<HTMLElement>(`[data-status^=${kind}-]`)?.dataset.status?.slice(kind.length + 1);
    return { recording: chip('recording'), audit: chip('audit') };
  });
}

/** The mid-call marker farthest from its neighbours, so that nothing lies on top of it. */
function clearMarker(offsets: number[], lengthMs: number): number {
  const sorted = [...offsets].sort((a, b) => a - b);
  const room = (i: number): number =>
    Math.min(sorted[i]! - (sorted[i - 1] ?? -Infinity), (sorted[i + 1] ?? Infinity) - sorted[i]!);
  const candidates = sorted
    .map((offset, i) => ({ offset, room: room(i) }))
    .filter(({ offset }) => offset > 2_000 && offset < lengthMs - 2_000);
  expect(candidates.length, `a mid-call event among ${sorted.join(', ')}`).toBeGreaterThan(0);
  return candidates.sort((a, b) => b.room - a.room)[0]!.offset;
}

function recordingFolder(callId: string): string {
  const root = path.join(server.dataDir, 'recordings');
  const day = fs.readdirSync(root).find((d) => fs.existsSync(path.join(root, d, callId)));
  if (!day) throw new Error(`no recording folder for call ${callId}`);
  return path.join(root, day, callId);
}

/** Changes one byte in the middle of a file, as someone editing it on disk would. */
function changeOneByte(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const at = Math.floor(fs.fstatSync(fd).size / 2);
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0xff;
    fs.writeSync(fd, byte, 0, 1, at);
  } finally {
    fs.closeSync(fd);
  }
}

describe('the auditor page', () => {
  it('replays a recorded call in sync, seeks to an event, verifies it, sees a changed file and approves', async () => {
    await recordedCall();

    const auditor = await (await newContext(browser)).newPage();
    await staffSignsIn(auditor, `${server.url}/auditor/`, 'auditor1');
    await auditor.fill('input[name=customer]', CUSTOMER_ID);
    // The recording is closed (files probed and hashed, manifest written) a moment after the call.
    await expect
      .poll(
        async () => {
          await auditor.click('[data-testid=search-calls]');
          return (await rowStatuses(auditor))?.recording;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('complete');
    const row = auditor.locator('[data-testid=call-row]');
    expect(await row.count()).toBe(1);
    // A high-risk service's call waits for an auditor's decision.
    expect((await rowStatuses(auditor))?.audit).toBe('pending');
    const callId = (await row.getAttribute('data-call-id'))!;
    await row.click();
    await auditor.waitForSelector('[data-testid=player]', { state: 'visible' });

    // One control plays both sides; a moment in, both are on screen and move together.
    await auditor.click('[data-testid=play-pause]');
    await expect
      .poll(async () => {
        const { customer, teller } = await callTimes(auditor);
        return customer !== null && teller !== null && Math.min(customer, teller) > 1_000;
      }, POLL)
      .toBe(true);
    const before = await callTimes(auditor);
    await auditor.waitForTimeout(1_500);
    const after = await callTimes(auditor);
    expect(after.customer! - before.customer!).toBeGreaterThan(1_000);
    expect(after.teller! - before.teller!).toBeGreaterThan(1_000);
    for (const { customer, teller } of [before, after])
      expect(Math.abs(customer! - teller!)).toBeLessThan(SYNC_MS);

    // A marker moves both sides to its moment.
    await auditor.click('[data-testid=play-pause]');
    const lengthMs = Number(await auditor.getAttribute('[data-testid=seek]', 'max'));
    const offsets = await auditor
      .locator('[data-testid=timeline-marker]')
      .evaluateAll((markers) => markers.map((m) => Number((m as HTMLElement).dataset.offsetMs)));
    const target = clearMarker(offsets, lengthMs);
    await auditor.click(`[data-testid=timeline-marker][data-offset-ms="${target}"]`);
    await expect
      .poll(async () => {
        const { customer, teller } = await callTimes(auditor);
        return Math.max(Math.abs(customer! - target), Math.abs(teller! - target));
      }, POLL)
      .toBeLessThan(SYNC_MS);

    // Verify: all green, then red naming the file once one byte of it is changed.
    const result = auditor.locator('[data-testid=verify-result]');
    await auditor.click('[data-testid=verify]');
    await expect.poll(() => result.getAttribute('data-ok'), POLL).toBe('true');
    const folder = recordingFolder(callId);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'),
    ) as RecordingManifest;
    const track = manifest.tracks.find((t) => t.participantKey === 'customer' && t.kind === 'video')!;
    const file = track.segments[0]!.file;
    changeOneByte(path.join(folder, file));
    await auditor.click('[data-testid=verify]');
    await expect.poll(() => result.getAttribute('data-ok'), POLL).toBe('false');
    expect(await result.locator('[data-check=files]').textContent()).toContain(file);

    // The decision replaces the buttons and shows in the list.
    await auditor.fill('textarea[name=comment]', 'Replayed; the changed file is reported separately.');
    await auditor.click('[data-testid=approve]');
    await auditor.waitForSelector('[data-testid=approve]', { state: 'hidden' });
    await auditor.waitForSelector('[data-testid=reject]', { state: 'hidden' });
    expect(await auditor.getAttribute('[data-testid=decision-shown]', 'data-decision')).toBe('approved');
    expect((await rowStatuses(auditor))?.audit).toBe('approved');
  }, 150_000);
});
