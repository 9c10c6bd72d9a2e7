import fs from 'node:fs';
import path from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../server/recording/recording-store.js';
import {
  audioPackets,
  framesDecoded,
  newContext,
  waitForInbound,
  type ScriptPage,
} from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { closedRecording } from '../support/call-media.js';
import { firefoxPage, launchFirefox, type FirefoxSession } from '../support/firefox.js';
import { customerJoins, staffSignsIn, tellerEndsCall, tellerLogsIn } from '../support/pages.js';

/**
 * Firefox ESR against Chromium on loopback: the Firefox pages get fake media and
 * loopback ICE from Firefox preferences (test/support/firefox.ts). Everything
 * waits on what the pages show, with bounds wide enough for a saturated machine.
 */
const suite = serverAndBrowser();
let firefox: FirefoxSession | undefined;
beforeAll(async () => {
  firefox = await launchFirefox();
}, 180_000);
afterAll(async () => {
  await firefox?.close();
}, 60_000);

const CUSTOMER_ID = '11010519491231002X';
/** Media keeps flowing: frames decoded rise by this much past the first. */
const MORE_FRAMES = 15;
/** A saturated machine starts pages, media and the recorder's FFmpeg slowly. */
const MEDIA_WAIT_MS = 120_000;

/** A Chromium page in a context of its own, with waits as long as the Firefox pages'. */
async function newChromiumPage(): Promise<PlaywrightPage> {
  const context = await newContext(suite.browser);
  context.setDefaultTimeout(MEDIA_WAIT_MS);
  return context.newPage();
}

async function newFirefoxPage(): Promise<PuppeteerPage> {
  if (!firefox) throw new Error('Firefox did not start');
  return firefox.newPage();
}

/** Both kinds arrive, and video keeps being decoded. */
async function receivesMedia(page: ScriptPage): Promise<void> {
  const first = await waitForInbound(page, (s) => framesDecoded(s) > 0 && audioPackets(s) > 0, MEDIA_WAIT_MS);
  await waitForInbound(page, (s) => framesDecoded(s) >= framesDecoded(first) + MORE_FRAMES, MEDIA_WAIT_MS);
}

/** The width a video element shows, in either browser. */
const videoWidth = (page: PlaywrightPage | PuppeteerPage, testId: string): Promise<number> =>
  (page as PuppeteerPage).$eval(`video[data-testid=${testId}]`, (v) => (v as HTMLVideoElement).videoWidth);

const SHOWN = { timeout: MEDIA_WAIT_MS, interval: 250 };

/** Both sides' local preview and the other side's video show pictures. */
async function videosShow(page: PlaywrightPage | PuppeteerPage): Promise<void> {
  for (const testId of ['remote-video', 'local-video'])
    await expect.poll(() => videoWidth(page, testId), SHOWN).toBeGreaterThan(0);
}

/**
 * Safari (iOS) plays a video without `playsinline` only in full screen: every
 * video a page has, shown or not, carries it. Returns those that do not, and how many there are.
 */
const videosInline = (page: ScriptPage): Promise<{ videos: number; notInline: string[] }> =>
  page.evaluate(async () => {
    const videos = [...document.querySelectorAll('video')];
    return {
      videos: videos.length,
      notInline: videos.filter((v) => !v.hasAttribute('playsinline')).map((v) => v.outerHTML.slice(0, 80)),
    };
  });

async function expectVideosInline(page: ScriptPage, atLeast: number): Promise<void> {
  const { videos, notInline } = await videosInline(page);
  expect(notInline).toEqual([]);
  expect(videos).toBeGreaterThanOrEqual(atLeast);
}

/** The call that started last and is still in progress. */
async function callInProgress(): Promise<string> {
  const row = await suite.server.kysely
    .selectFrom('calls')
    .select('id')
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error('no call in progress');
  return row.id;
}

/** Bytes in each media file the recorder has started for the call. */
async function recordedBytes(callId: string): Promise<number[]> {
  const folder = (await new RecordingStore(suite.server.kysely).get(callId))?.folder;
  if (!folder || !fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => /\.(webm|mkv)$/.test(name))
    .map((name) => fs.statSync(path.join(folder, name)).size);
}

describe('Firefox ESR pages against Chromium', () => {
  let recordedCallId = '';

  it('a Firefox customer and a Chromium teller decode each other, and the call is recorded whole', async () => {
    const teller = await newChromiumPage();
    const customer = await newFirefoxPage();
    const customerForm = firefoxPage(customer);
    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customerForm, suite.server.url, 'Li Hua 李华', { idNumber: CUSTOMER_ID });
    await customer.waitForSelector('[data-screen=waiting]', { visible: true });

    await teller.click('[data-testid=accept-offer]');
    await expect
      .poll(() => teller.textContent('[data-testid=customer-name]'), SHOWN)
      .toContain('Li Hua 李华');
    const callId = await callInProgress();
    await receivesMedia(customerForm);
    await receivesMedia(teller);
    await videosShow(customer);
    await videosShow(teller);
    await expectVideosInline(customerForm, 2);
    await expectVideosInline(teller, 2);

    // Both participants' audio and video reach the recorder before the customer hangs up.
    await expect
      .poll(() => recordedBytes(callId), SHOWN)
      .toSatisfy((sizes: number[]) => sizes.filter((bytes) => bytes > 4_000).length >= 4);

    await customerForm.click('[data-testid=hang-up]');
    await customerForm.click('[data-testid=hang-up-confirm]');
    await customer.waitForSelector('[data-testid=call-ended]', { visible: true });
    await teller.waitForSelector('[data-testid=end-call]', { state: 'hidden' });

    const { row, manifest } = await closedRecording(suite.server.kysely, callId);
    expect(row.status).toBe('complete');
    expect(manifest.interrupted).toBe(false);
    const tellerKey = manifest.participants.find((p) => p.role === 'teller')?.key;
    expect(tellerKey).toBeDefined();
    const tracks = manifest.tracks.map((t) => `${t.participantKey}/${t.kind}`).sort();
    expect(tracks).toEqual(
      ['customer/audio', 'customer/video', `${tellerKey}/audio`, `${tellerKey}/video`].sort(),
    );
    for (const track of manifest.tracks) {
      expect(track.segments.length, `${track.participantKey}/${track.kind}`).toBeGreaterThan(0);
      for (const segment of track.segments) {
        expect(segment.status).toBe('complete');
        expect(segment.bytes).toBeGreaterThan(0);
        expect(segment.durationMs).toBeGreaterThan(0);
      }
    }
    recordedCallId = callId;
    await Promise.all([teller.context().close(), customer.close()]);
  }, 420_000);

  it('a Firefox teller signs in, goes available, takes a Chromium customer’s call and ends it', async () => {
    const teller = await newFirefoxPage();
    const tellerDesk = firefoxPage(teller);
    const customer = await newChromiumPage();
    await tellerLogsIn(tellerDesk, suite.server.url, 'teller2');
    await customerJoins(customer, suite.server.url, 'Wang Fang 王芳', { idNumber: '110105198803140031' });

    await tellerDesk.click('[data-testid=accept-offer]');
    await teller.waitForFunction(
      () => document.querySelector('[data-testid=customer-name]')?.textContent?.includes('王芳') === true,
      { timeout: MEDIA_WAIT_MS },
    );
    const callId = await callInProgress();
    await receivesMedia(tellerDesk);
    await receivesMedia(customer);
    await videosShow(teller);

    await tellerEndsCall(tellerDesk);
    await customer.waitForSelector('[data-testid=call-ended]', { state: 'visible' });
    // The call's router closes with it.
    await expect.poll(() => suite.server.rooms.get(callId), SHOWN).toBeUndefined();
    await Promise.all([teller.close(), customer.context().close()]);
  }, 420_000);

  it('a Firefox auditor finds the Firefox customer’s call and plays its recording', async () => {
    expect(recordedCallId, 'the first test recorded a call').not.toBe('');
    const auditor = await newFirefoxPage();
    const desk = firefoxPage(auditor);
    await staffSignsIn(desk, `${suite.server.url}/auditor/`, 'auditor1');
    await desk.fill('input[name=customer]', CUSTOMER_ID);
    await desk.click('[data-testid=search-calls]');
    const row = `[data-testid=call-row][data-call-id="${recordedCallId}"]`;
    await auditor.waitForSelector(row, { visible: true });
    await desk.click(row);
    await auditor.waitForSelector('[data-testid=player]', { visible: true });
    await expectVideosInline(desk, 2);

    await desk.click('[data-testid=play-pause]');
    for (const side of ['customer', 'teller'])
      await expect
        .poll(
          () =>
            auditor.$eval(`video[data-testid=playback-${side}]`, (v) => ({
              width: (v as HTMLVideoElement).videoWidth,
              time: (v as HTMLVideoElement).currentTime,
            })),
          SHOWN,
        )
        .toSatisfy(({ width, time }: { width: number; time: number }) => width > 0 && time > 0.5);
    await auditor.close();
  }, 300_000);
});
