import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import type { AuditCallDetail, PlaybackSegment } from '../../shared/contracts/auditor.js';
import { framesDecoded, newContext, waitForInbound } from '../support/browser.js';
import { findRecordingFolder } from '../support/call-media.js';
import { customerJoins, seekTo, staffSignsIn, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

/** Each test's customer has an ID of their own, which finds their call alone. */
const CUSTOMER_IDS = { stepped: '11010519491231002X', reconnected: '110105198803140031' };
/** From the teller's accept to the customer's hang-up. */
const CALL_MS = 9_000;
/** How far apart the two sides (and a side and a marker) may be. */
const SYNC_MS = 500;
/** Loading, seeking and hashing take a moment on a loaded machine. */
const POLL = { timeout: 10_000, interval: 100 };

const suite = serverAndBrowser();

interface CallPages {
  teller: Page;
  customer: Page;
}

/**
 * A real call between two Chromium pages for a high-risk service, recorded by
 * the suite.server; `midCall` runs a third of the way in, with both sides on video.
 */
async function recordedCall(idNumber: string, midCall: (pages: CallPages) => Promise<void>): Promise<void> {
  const teller = await (await newContext(suite.browser)).newPage();
  const customer = await (await newContext(suite.browser)).newPage();
  await tellerLogsIn(teller, suite.server.url);
  await customerJoins(customer, suite.server.url, 'Li Hua 李华', { service: 'policy-loan', idNumber });
  await teller.click('[data-testid=accept-offer]');
  const acceptedAt = Date.now();
  await waitForInbound(teller, (s) => framesDecoded(s) > 0);
  await waitForInbound(customer, (s) => framesDecoded(s) > 0);
  await teller.waitForTimeout(Math.max(0, acceptedAt + CALL_MS / 3 - Date.now()));
  await midCall({ teller, customer });
  // What comes after `midCall` is long enough to replay, however long it took.
  await teller.waitForTimeout(Math.max(CALL_MS / 3, acceptedAt + CALL_MS - Date.now()));
  await customer.click('[data-testid=hang-up]');
  await customer.click('[data-testid=hang-up-confirm]');
  await expect.poll(() => suite.server.pool.routerCount).toBe(0);
  await Promise.all([teller.context().close(), customer.context().close()]);
}

/** The teller pushes the first step, the customer answers it, the teller confirms: three events. */
async function stepConfirmed({ teller, customer }: CallPages): Promise<void> {
  const { policyNumber } = (EXAMPLE_VALUES['policy-loan'] as Record<string, Record<string, string>>).policy!;
  await teller.click('[data-testid=push-step]');
  await customer.fill('[name=policyNumber]', policyNumber!);
  await customer.click('[data-testid=submit-step]');
  await teller.click('[data-testid=confirm-step]');
}

/** The auditor signs in and opens the one call of the customer with this ID once its recording is closed. */
async function auditorOpens(idNumber: string): Promise<{ auditor: Page; callId: string }> {
  const auditor = await (await newContext(suite.browser)).newPage();
  await staffSignsIn(auditor, `${suite.server.url}/auditor/`, 'auditor1');
  await auditor.fill('input[name=customer]', idNumber);
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
  const callId = (await row.getAttribute('data-call-id'))!;
  await row.click();
  await auditor.waitForSelector('[data-testid=player]', { state: 'visible' });
  return { auditor, callId };
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

/** What a side shows: a recording (`media`), nothing (`empty`) or a note that it cannot play. */
const sideState = (page: Page, side: string): Promise<string | undefined> =>
  page.locator(`[data-side=${side}]`).evaluate((el) => (el as HTMLElement).dataset.state);

/** The file a side's video element is playing, as the manifest names it. */
const sideFile = (page: Page, side: string): Promise<string> =>
  page
    .locator(`video[data-testid=playback-${side}]`)
    .evaluate((video) => decodeURIComponent((video as HTMLVideoElement).src.split('/').pop() ?? ''));

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
  const folder = findRecordingFolder(suite.server.dataDir, callId);
  if (!folder) throw new Error(`no recording folder for call ${callId}`);
  return folder;
}

/** Resolves once the call in progress has `bytes` of media in its recording file `name`. */
async function untilRecorded(name: string, bytes = 30_000): Promise<void> {
  const call = await suite.server.kysely
    .selectFrom('calls')
    .select('id')
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  const size = (): number => {
    const file = path.join(findRecordingFolder(suite.server.dataDir, call.id) ?? '', name);
    return fs.existsSync(file) ? fs.statSync(file).size : 0;
  };
  await expect.poll(size, { timeout: 20_000, interval: 200 }).toBeGreaterThan(bytes);
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
    await recordedCall(CUSTOMER_IDS.stepped, stepConfirmed);
    const { auditor, callId } = await auditorOpens(CUSTOMER_IDS.stepped);
    // A high-risk service's call waits for an auditor's decision.
    expect((await rowStatuses(auditor))?.audit).toBe('pending');

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
    // Events a few milliseconds apart draw overlapping markers; the click goes to the one chosen.
    await auditor.locator(`[data-testid=timeline-marker][data-offset-ms="${target}"]`).dispatchEvent('click');
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
    // The loan was never completed: approving it takes a second confirmation.
    await auditor.click('[data-testid=approve-confirm]');
    await auditor.waitForSelector('[data-testid=approve]', { state: 'hidden' });
    await auditor.waitForSelector('[data-testid=reject]', { state: 'hidden' });
    expect(await auditor.getAttribute('[data-testid=decision-shown]', 'data-decision')).toBe('approved');
    expect((await rowStatuses(auditor))?.audit).toBe('approved');
  }, 150_000);

  it('swaps to the new file where a side reconnected, with no video in the gap', async () => {
    await recordedCall(CUSTOMER_IDS.reconnected, async ({ customer }) => {
      // A reload before the recorder has written any media would leave an empty first file.
      await untilRecorded('customer-video-01.webm');
      await customer.reload();
      await waitForInbound(customer, (s) => framesDecoded(s) > 0, 30_000);
    });
    const { auditor, callId } = await auditorOpens(CUSTOMER_IDS.reconnected);
    const detail = await auditor.evaluate(
      async (id) => (await fetch(`/api/audit/calls/${id}`)).json() as Promise<AuditCallDetail>,
      callId,
    );
    const segments = detail.recording!.tracks.find(
      (t) => t.role === 'customer' && t.kind === 'video',
    )!.segments;
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const [first, second] = segments as [PlaybackSegment, PlaybackSegment];
    expect(first.durationMs).not.toBeNull();
    const firstEnd = first.startOffsetMs + first.durationMs!;
    // A reload takes the customer away for a while: nothing was recorded then.
    expect(second.startOffsetMs - firstEnd).toBeGreaterThan(300);

    await seekTo(auditor, (firstEnd + second.startOffsetMs) / 2);
    await expect.poll(() => sideState(auditor, 'customer'), POLL).toBe('empty');
    expect(await sideState(auditor, 'teller')).toBe('media');

    // Played on from just before the reconnect, the customer's side comes back from its new file, in step.
    await seekTo(auditor, second.startOffsetMs - 300);
    await auditor.click('[data-testid=play-pause]');
    await expect.poll(() => sideFile(auditor, 'customer'), POLL).toBe(second.file);
    await expect
      .poll(async () => (await callTimes(auditor)).customer ?? 0, POLL)
      .toBeGreaterThan(second.startOffsetMs + 1_000);
    // In step: on a loaded machine a side's seek may still be loading when the other has played
    // on (the clock waits for it a few seconds only), and catches up once it has loaded.
    await expect
      .poll(async () => {
        const { customer, teller } = await callTimes(auditor);
        return Math.abs(customer! - teller!);
      }, POLL)
      .toBeLessThan(SYNC_MS);
  }, 150_000);
});
