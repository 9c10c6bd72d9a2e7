import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { formatCoordinates } from '../../shared/domain/coordinates.js';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { customerJoins, tellerEndsCall, tellerLogsIn } from '../support/pages.js';

// High-risk services only from China; the test's pages connect over loopback, which does not count.
const suite = serverAndBrowser({
  SKYTELLER_ALLOWED_COUNTRIES: 'CN',
  SKYTELLER_PRIVATE_ADDRESSES_ALLOWED: 'false',
});
const SHANGHAI = { latitude: 31.2304, longitude: 121.4737, accuracy: 35 };
const SHANGHAI_TEXT = formatCoordinates(SHANGHAI.latitude, SHANGHAI.longitude);

/** A customer's browser that has granted this site its position, as a phone would after the prompt. */
async function customerAt(browser: Browser): Promise<Page> {
  const context = await newContext(browser);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(SHANGHAI);
  return context.newPage();
}

const latestCallId = async (): Promise<string> =>
  (
    await suite.server.kysely
      .selectFrom('calls')
      .select('id')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;

const locationEvents = async (callId: string) =>
  (
    await suite.server.kysely
      .selectFrom('call_events')
      .select(['type', 'data'])
      .where('call_id', '=', callId)
      .where('type', 'like', 'location.%')
      .orderBy('seq')
      .execute()
  ).map((row) => ({ type: row.type, data: JSON.parse(row.data) as Record<string, unknown> }));

describe('the customer’s location in two Chromium pages', () => {
  it('puts the shared coordinates on the teller’s page, the timeline, the signed record and the manifest', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await customerAt(suite.browser);
    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url, 'Li Hua 李华', { service: 'consultation' });
    await teller.click('[data-testid=accept-offer]');

    // The customer is asked first, in words; the page sends nothing of the browser's until they agree.
    await customer.waitForSelector('[data-testid=location-consent]:visible', { timeout: 30_000 });
    await expect
      .poll(() => teller.getAttribute('[data-testid=location-browser]', 'data-status'), { timeout: 15_000 })
      .toBe('pending');
    await customer.click('[data-testid=location-share]');
    await expect
      .poll(() => customer.getAttribute('[data-testid=location-outcome]', 'data-i18n'), { timeout: 30_000 })
      .toBe('location.shared');
    await expect
      .poll(() => teller.textContent('[data-testid=location-browser]'), { timeout: 15_000 })
      .toBe(`${SHANGHAI_TEXT} ±35 m`);
    // The teller's page is in Chinese: the address, its class and the gate's verdict.
    expect(await teller.textContent('[data-testid=location-ip]')).toBe(
      '127.0.0.1（本机地址），不允许办理高风险业务的地区',
    );
    // A low-risk service is not gated.
    expect(await customer.isVisible('[data-testid=location-refused]')).toBe(false);
    expect(await teller.isVisible('[data-testid=location-service-refused]')).toBe(false);

    const callId = await latestCallId();
    expect(await locationEvents(callId)).toEqual([
      {
        type: 'location.ip_country',
        data: { address: '127.0.0.1', addressClass: 'loopback', country: null, gate: 'refused' },
      },
      { type: 'location.browser', data: { status: 'pending' } },
      { type: 'location.browser', data: { status: 'granted', ...SHANGHAI } },
    ]);

    // The service to its end, then the call: the record is signed with the recording's manifest.
    await teller.click('[data-testid=push-step]');
    await customer.selectOption('[name=topic]', 'policy');
    await customer.fill('[name=question]', '我的保单什么时候到期？');
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]:enabled');
    await teller.click('[data-testid=complete-service]:enabled');
    await customer.waitForSelector('[data-testid=download-record]');
    await tellerEndsCall(teller);
    await customer.waitForSelector('[data-testid=call-ended] [data-testid=download-record]');
    const downloading = customer.waitForEvent('download');
    await customer.click('[data-testid=download-record]');
    const file = (await (await downloading).path())!;
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(SHANGHAI_TEXT);
    expect(text).toContain('±35 m');
    expect(text).toContain('127.0.0.1');

    // The record is signed once the manifest is written: the recording is complete by now.
    const { folder } = await suite.server.kysely
      .selectFrom('recordings')
      .select('folder')
      .where('call_id', '=', callId)
      .where('status', '=', 'complete')
      .executeTakeFirstOrThrow();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'),
    ) as RecordingManifest;
    expect(manifest.events.filter((e) => e.type.startsWith('location.')).map((e) => e.data)).toEqual([
      { address: '127.0.0.1', addressClass: 'loopback', country: null, gate: 'refused' },
      { status: 'pending' },
      { status: 'granted', ...SHANGHAI },
    ]);
    await Promise.all([teller.context().close(), customer.context().close()]);
  }, 420_000);

  it('refuses a high-risk service where the address is outside the allowed countries, and says so to both', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await customerAt(suite.browser);
    await tellerLogsIn(teller, suite.server.url, 'teller2');
    await customerJoins(customer, suite.server.url, '张三', { service: 'bank-authorization-change' });
    await teller.click('[data-testid=accept-offer]');

    // Refused as soon as the page reports the address, before the customer answers.
    await customer.waitForSelector('[data-testid=location-refused]:visible', { timeout: 30_000 });
    expect(await customer.getAttribute('[data-testid=location-refused]', 'data-i18n')).toBe(
      'location.serviceRefused',
    );
    await teller.waitForSelector('[data-testid=location-service-refused]:visible', { timeout: 15_000 });
    await customer.click('[data-testid=location-decline]');
    await expect
      .poll(() => teller.getAttribute('[data-testid=location-browser]', 'data-status'))
      .toBe('refused');

    // The teller cannot take the service on: the step is refused with the gate's code.
    await teller.click('[data-testid=push-step]');
    await expect
      .poll(() => teller.getAttribute('[data-testid=service-error]', 'data-i18n'))
      .toBe('error.country_not_allowed');
    const callId = await latestCallId();
    expect(
      await suite.server.kysely
        .selectFrom('call_events')
        .select('seq')
        .where('call_id', '=', callId)
        .where('type', '=', 'service.step_pushed')
        .execute(),
    ).toEqual([]);
    await Promise.all([teller.context().close(), customer.context().close()]);
  }, 420_000);
});
