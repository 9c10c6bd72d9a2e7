import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closedRecording, tellerKeyOf } from '../support/call-media.js';
import {
  framesDecoded,
  inboundStats,
  newContext,
  waitForInbound,
  type InboundStats,
} from '../support/browser.js';
import { customerJoins, staffSignsIn, tellerEndsCall, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

const suite = serverAndBrowser();

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
  it('sees both sides unseen, whispers to the teller only, then joins openly; the manifest lists the whisper and the barge', async () => {
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
    const tellerKey = tellerKeyOf(server.db, callId);
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

    // Leaving: the notice goes from both pages.
    await supervisor.click('[data-testid=monitor-stop]');
    for (const page of [customer, teller]) {
      await page.locator('[data-testid=supervisor-notice]').waitFor({ state: 'hidden', timeout: 60_000 });
    }

    await tellerEndsCall(teller);
    const { manifest } = await closedRecording(server.db, callId);
    const supervisors = manifest.participants.filter((p) => p.role === 'supervisor');
    expect(supervisors.map((p) => [p.key.split(':')[0], p.whisper ?? false])).toEqual(
      expect.arrayContaining([
        ['whisper', true],
        ['supervisor', false],
      ]),
    );
    const tracks = manifest.tracks.map((t) => `${t.participantKey.split(':')[0]}/${t.kind}`);
    expect(tracks).toEqual(expect.arrayContaining(['whisper/audio', 'supervisor/audio', 'supervisor/video']));
    await Promise.all([teller, customer, supervisor].map((page) => page.context().close()));
  }, 240_000);
});
