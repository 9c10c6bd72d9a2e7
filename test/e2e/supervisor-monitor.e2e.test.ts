import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AuditCallDetail } from '../../shared/contracts/auditor.js';
import { closedRecording, recordedBytes, tellerKeyOf } from '../support/call-media.js';
import {
  framesDecoded,
  inboundStats,
  newContext,
  phonePage,
  waitForInbound,
  type InboundStats,
} from '../support/browser.js';
import { customerJoins, seekTo, staffSignsIn, tellerEndsCall, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

const suite = serverAndBrowser();
const HAVE_CURRENT_DATA = 2;
/** Set SKYTELLER_SCREENSHOTS=<dir> to keep pictures of the auditor's player replaying the supervisor. */
const SHOTS = process.env.SKYTELLER_SCREENSHOTS;

/** Frames a video element has shown so far. */
const framesShown = (page: Page, selector: string): Promise<number> =>
  page
    .locator(selector)
    .evaluate((v: HTMLVideoElement) => (v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0));

/** Receive streams of a kind, each with packets arriving. */
const flowing = (stats: InboundStats[], kind: string): number =>
  stats.filter((s) => s.kind === kind && (s.packetsReceived ?? 0) > 0).length;

/** Media on a loaded machine (two cores, many browsers) takes its time; nothing here waits on a timer. */
const POLL = { timeout: 60_000 };

describe('a supervisor listening in, whispering and barging in from its board', () => {
  it('sees both sides unseen, whispers to the teller only, then joins openly; the manifest lists the whisper and the barge, and the auditor’s player replays them', async () => {
    const { server } = suite;
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    const supervisor = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, server.url);
    await customerJoins(customer, server.url);
    await teller.click('[data-testid=accept-offer]');
    for (const page of [customer, teller]) await waitForInbound(page, (s) => framesDecoded(s) > 0, 30_000);

    await staffSignsIn(supervisor, `${server.url}/supervisor/`, 'supervisor1');
    const row = supervisor.locator('[data-testid=call-in-progress]');
    await row.waitFor({ timeout: 60_000 });
    const callId = (await row.getAttribute('data-call-id'))!;
    const room = server.rooms.get(callId)!;
    const tellerKey = await tellerKeyOf(server.kysely, callId);
    const streamsBefore = {
      customer: (await inboundStats(customer)).length,
      teller: (await inboundStats(teller)).length,
    };

    // Listen: the supervisor's page decodes both sides; neither side's page shows anyone new.
    await row.locator('[data-testid=monitor-listen]').click();
    for (const side of ['customer', 'teller']) {
      const video = `video[data-testid=monitor-${side}]`;
      await expect.poll(() => framesShown(supervisor, video), POLL).toBeGreaterThan(0);
      const first = await framesShown(supervisor, video);
      await expect.poll(() => framesShown(supervisor, video), POLL).toBeGreaterThan(first + 10);
    }
    // Both sides' sound too.
    await expect.poll(async () => flowing(await inboundStats(supervisor), 'audio'), POLL).toBeGreaterThan(1);
    for (const page of [customer, teller]) {
      await expect(page.locator('[data-testid=supervisor-notice]').isHidden()).resolves.toBe(true);
      await expect(page.locator('[data-testid=supervisor-video]').isHidden()).resolves.toBe(true);
    }
    expect((await inboundStats(customer)).length).toBe(streamsBefore.customer);
    expect((await inboundStats(teller)).length).toBe(streamsBefore.teller);

    // Whisper: the teller's page is told and receives the supervisor's audio; the customer's neither.
    await supervisor.locator('[data-testid=call-in-progress] [data-testid=monitor-whisper]').click();
    await teller.locator('[data-testid=supervisor-notice][data-mode=whisper]').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => flowing(await inboundStats(teller), 'audio'), POLL)
      .toBeGreaterThan(flowing(await inboundStats(customer), 'audio'));
    const whisper = room.producersFor(tellerKey).find((p) => p.owner.startsWith('whisper:'))!;
    expect(whisper.kind).toBe('audio');
    // On the server: the teller's consumer of the whisper sends RTP; the customer has none.
    const tellerConsumer = room.consumersOf(tellerKey).find((c) => c.producerId === whisper.producerId)!;
    await expect
      .poll(async () => {
        const stats = await tellerConsumer.getStats();
        return stats.filter((s) => s.type === 'outbound-rtp').reduce((n, s) => n + s.packetCount, 0);
      }, POLL)
      .toBeGreaterThan(50);
    expect(room.consumersOf('customer').map((c) => c.producerId)).not.toContain(whisper.producerId);
    expect(room.producersFor('customer').map((p) => p.producerId)).not.toContain(whisper.producerId);
    expect((await inboundStats(customer)).length).toBe(streamsBefore.customer);
    await expect(customer.locator('[data-testid=supervisor-notice]').isHidden()).resolves.toBe(true);

    // The recorder has seconds of the whisper before the supervisor moves on: the replay below plays it.
    await expect.poll(() => recordedBytes(server.dataDir, callId, /^whisper_/), POLL).toBeGreaterThan(10_000);

    // Barge: both sides are told; the customer sees and hears the supervisor.
    await supervisor.locator('[data-testid=call-in-progress] [data-testid=monitor-barge]').click();
    for (const page of [customer, teller]) {
      const notice = page.locator('[data-testid=supervisor-notice][data-mode=barge]');
      await notice.waitFor({ timeout: 60_000 });
      expect(await notice.textContent()).toContain('Supervisor One');
    }
    await expect
      .poll(() => framesShown(customer, 'video[data-testid=supervisor-video]'), POLL)
      .toBeGreaterThan(0);
    await expect.poll(async () => flowing(await inboundStats(customer), 'audio'), POLL).toBeGreaterThan(1);
    // The whisper is over: its media closed with the mode.
    expect(room.producer(whisper.producerId)).toBeUndefined();

    // And of the barge's picture and sound: the picture itself, whose first key frame may come
    // late on a loaded machine (the sound alone passes a byte count long before it).
    await expect
      .poll(() => recordedBytes(server.dataDir, callId, /^supervisor_.*-video-/), POLL)
      .toBeGreaterThan(60_000);
    await expect
      .poll(() => recordedBytes(server.dataDir, callId, /^supervisor_.*-audio-/), POLL)
      .toBeGreaterThan(0);

    // Leaving: the notice goes from both pages.
    await supervisor.click('[data-testid=monitor-stop]');
    for (const page of [customer, teller]) {
      await page.locator('[data-testid=supervisor-notice]').waitFor({ state: 'hidden', timeout: 60_000 });
    }

    await tellerEndsCall(teller);
    const { manifest } = await closedRecording(server.kysely, callId);
    const supervisors = manifest.participants.filter((p) => p.role === 'supervisor');
    expect(supervisors.map((p) => [p.key.split(':')[0], p.whisper ?? false])).toEqual(
      expect.arrayContaining([
        ['whisper', true],
        ['supervisor', false],
      ]),
    );
    const tracks = manifest.tracks.map((t) => `${t.participantKey.split(':')[0]}/${t.kind}`);
    expect(tracks).toEqual(expect.arrayContaining(['whisper/audio', 'supervisor/audio', 'supervisor/video']));

    // The replay: a supervisor may open the auditor's page; its player plays the whisper in
    // a supervisor lane marked as heard by the teller only, and shows the barge's picture.
    await supervisor.goto(`${server.url}/auditor/`);
    await supervisor.locator(`[data-testid=call-row][data-call-id="${callId}"]`).click({ timeout: 60_000 });
    await supervisor.waitForSelector('[data-testid=player]', { state: 'visible', timeout: 60_000 });
    const detail = await supervisor.evaluate(
      async (id) => (await (await fetch(`/api/audit/calls/${id}`)).json()) as AuditCallDetail,
      callId,
    );
    const recorded = detail.recording!.tracks;
    const whispered = recorded.find((t) => t.whisper && t.kind === 'audio')!.segments[0]!;
    const bargeVideo = recorded.find((t) => t.role === 'supervisor' && !t.whisper && t.kind === 'video')!;
    const figure = supervisor.locator('[data-side=supervisor]');
    const audio = supervisor.locator('audio[data-testid=playback-supervisor-audio]');
    await audio.evaluate((el: HTMLAudioElement, url) => {
      // How far the whisper's file has played while playing, whatever a poll happens to catch.
      el.dataset.whisperPlayedSec = '0';
      el.addEventListener('timeupdate', () => {
        if (el.paused || !el.src.endsWith(url)) return;
        el.dataset.whisperPlayedSec = String(Math.max(Number(el.dataset.whisperPlayedSec), el.currentTime));
      });
    }, whispered.url);
    await seekTo(supervisor, whispered.startOffsetMs + 100);
    await expect.poll(() => figure.getAttribute('data-mode'), POLL).toBe('whisper');
    expect(await figure.locator('[data-slot=mode]').getAttribute('data-i18n')).toBe(
      'auditor.supervisorWhisper',
    );
    // A whisper has no picture.
    await expect(figure.locator('[data-slot=frame]').isHidden()).resolves.toBe(true);
    if (SHOTS) {
      for (const locale of ['en', 'zh-CN']) {
        await supervisor.click(`[data-testid=locale-${locale}]`);
        await supervisor.locator('[data-testid=player]').scrollIntoViewIfNeeded();
        await supervisor.screenshot({ path: path.join(SHOTS, `auditor-whisper-${locale}.png`) });
      }
      await supervisor.click('[data-testid=locale-en]');
    }
    await supervisor.click('[data-testid=play-pause]');
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => Number(el.dataset.whisperPlayedSec)), POLL)
      .toBeGreaterThan(0.5);
    await supervisor.click('[data-testid=play-pause]');

    await seekTo(supervisor, bargeVideo.segments[0]!.startOffsetMs + 500);
    await expect.poll(() => figure.getAttribute('data-mode'), POLL).toBe('barge');
    await figure.locator('[data-slot=frame]').waitFor({ state: 'visible', timeout: 60_000 });
    await expect
      .poll(() => figure.locator('video').evaluate((v: HTMLVideoElement) => v.readyState), POLL)
      .toBeGreaterThanOrEqual(HAVE_CURRENT_DATA);
    if (SHOTS) {
      await supervisor.screenshot({ path: path.join(SHOTS, 'auditor-barge-en.png') });
      // The same moment on a phone, signed in as the same supervisor.
      const phone = await phonePage(suite.browser);
      await phone.context().addCookies(await supervisor.context().cookies());
      await phone.goto(`${server.url}/auditor/`);
      await phone.locator(`[data-testid=call-row][data-call-id="${callId}"]`).click({ timeout: 60_000 });
      await phone.waitForSelector('[data-testid=player]', { state: 'visible', timeout: 60_000 });
      await seekTo(phone, bargeVideo.segments[0]!.startOffsetMs + 500);
      for (const locale of ['en', 'zh-CN']) {
        await phone.click(`[data-testid=locale-${locale}]`);
        await phone.locator('[data-side=supervisor]').scrollIntoViewIfNeeded();
        await phone.screenshot({ path: path.join(SHOTS, `auditor-barge-phone-${locale}.png`) });
      }
      await phone.context().close();
    }
    await Promise.all([teller, customer, supervisor].map((page) => page.context().close()));
  }, 360_000);
});
