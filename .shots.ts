// Screenshots for the report (not committed): customer phone/desktop during and after a check, zh + en; teller face panel.
import type { Browser, Page } from 'playwright-core';
import { FaceEngine } from './server/face/engine/face-engine.js';
import { launchChromium } from './test/support/browser.js';
import { faceCameraClip, FRONTAL_THEN_LEFT_RIGHT } from './test/support/face-camera.js';
import { FACE_FIXTURES_DIR } from './test/support/face-fixtures.js';
import { customerJoins, tellerLogsIn } from './test/support/pages.js';
import { startTestServer } from './test/support/test-server.js';

const OUT = '/tmp/capture-shots';
const engine = new FaceEngine({ workers: 1 });
const clip = await faceCameraClip(engine, 'vlado-07.png', FRONTAL_THEN_LEFT_RIGHT);
await engine.close();
const browser: Browser = await launchChromium(clip);
const server = await startTestServer({}, { faceRandom: () => 0 });

async function page(locale: string, phone: boolean): Promise<Page> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    permissions: ['camera', 'microphone'],
    locale: locale === 'en' ? 'en-US' : 'zh-CN',
    ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 860 } }),
  });
  await context.addInitScript((l) => localStorage.setItem('skyteller.locale', l), locale);
  return context.newPage();
}

async function check(customer: Page, teller: Page, name: string, teller2?: string) {
  const before = await teller.getAttribute('[data-testid=face-result]', 'data-check-id');
  await customer.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await teller.click('[data-testid=start-face-check]');
  await customer.waitForSelector('[data-testid=face-challenge]', { state: 'visible' });
  await customer.waitForTimeout(2500);
  await customer.screenshot({ path: `${OUT}/${name}-during.png` });
  await teller.waitForFunction((b) => {
    const el = document.querySelector<HTMLElement>('[data-testid=face-result]');
    return !!el && !el.hidden && el.dataset.checkId !== b && !!el.dataset.outcome;
  }, before, { timeout: 180_000 });
  await customer.waitForTimeout(1500);
  const outcome = await teller.getAttribute('[data-testid=face-result]', 'data-outcome');
  await customer.screenshot({ path: `${OUT}/${name}-after-${outcome}.png` });
  if (teller2) await teller.locator('[data-testid=face-panel]').screenshot({ path: `${OUT}/${teller2}-${outcome}.png` });
  console.log(name, outcome);
  return outcome;
}

for (const [locale, teller1] of [['en', 'teller1'], ['zh-CN', 'teller2']] as const) {
  const teller = await page(locale, false);
  const customer = await page(locale, true);
  await tellerLogsIn(teller, server.url, teller1);
  await customerJoins(customer, server.url, undefined, { service: 'bank-authorization-change' });
  await teller.click('[data-testid=accept-offer]');
  await teller.waitForSelector('[data-testid=start-face-check]', { state: 'visible' });
  await teller.screenshot({ path: `${OUT}/teller-${locale}-before.png`, fullPage: true });
  await customer.setInputFiles('input[type=file][name=referencePhoto]', `${FACE_FIXTURES_DIR}/vlado-01.png`);
  await customer.waitForSelector('[data-testid=reference-stored]', { state: 'visible', timeout: 120_000 });
  for (let i = 0; i < 3; i++) if ((await check(customer, teller, `customer-phone-${locale}-${i}`, `teller-panel-${locale}`)) === 'pass') break;
  await teller.screenshot({ path: `${OUT}/teller-${locale}-after-pass.png`, fullPage: true });
  await customer.setViewportSize({ width: 1280, height: 860 });
  await teller.setInputFiles('input[name=tellerReferencePhoto]', `${FACE_FIXTURES_DIR}/astronaut.png`);
  await teller.waitForTimeout(8000);
  await check(customer, teller, `customer-desktop-${locale}`, `teller-panel-${locale}`);
  await teller.screenshot({ path: `${OUT}/teller-${locale}-after-fail.png`, fullPage: true });
  await customer.context().close();
  await teller.context().close();
}
await browser.close();
await server.close();
