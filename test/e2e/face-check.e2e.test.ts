import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { loadConfig } from '../../server/platform/config.js';
import { launchChromium, newContext } from '../support/browser.js';
import { connect, login, request, type TestSocket } from '../support/clients.js';
import { faceCameraClip, FRONTAL_THEN_LEFT_RIGHT } from '../support/face-camera.js';
import { FACE_FIXTURES_DIR } from '../support/face-fixtures.js';
import { customerJoins, tellerLogsIn } from '../support/pages.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const engine = new FaceEngine({ workers: 1 });
  try {
    // The camera shows vlado-07 turning; references are another photo of him, or someone else.
    const clip = await faceCameraClip(engine, 'vlado-07.png', FRONTAL_THEN_LEFT_RIGHT);
    browser = await launchChromium(clip);
  } finally {
    await engine.close();
  }
  // random() = 0 asks "turn left, then turn right": what the clip does.
  server = await startTestServer({}, { faceRandom: () => 0 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Outcome {
  outcome: string;
  reasons: string[];
  distance: number | null;
}

/** A page in English, so the test can read the instructions; on a phone's screen if asked. */
async function englishPage({ phone = false } = {}): Promise<Page> {
  const context = phone
    ? await browser.newContext({
        ignoreHTTPSErrors: true,
        permissions: ['camera', 'microphone'],
        locale: 'en-US',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      })
    : await newContext(browser);
  await context.addInitScript(() => localStorage.setItem('skyteller.locale', 'en'));
  return context.newPage();
}

/** Whether the element is wholly inside the page's viewport. */
const inView = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });

const LIVENESS_FAILURES = ['motion_missing', 'wrong_motion', 'wrong_order'];
/** The page's capture fell behind the window on a loaded machine: nothing was judged. */
const CAPTURE_MISS = 'too_few_frames';

/** The largest echo round trip on another socket while `work` runs. */
async function worstEchoDuring<T>(
  socket: TestSocket,
  work: Promise<T>,
): Promise<{ result: T; worstMs: number }> {
  let done = false;
  let worstMs = 0;
  const probing = (async () => {
    while (!done) {
      const sent = performance.now();
      await request(socket, 'teller:state', {});
      worstMs = Math.max(worstMs, performance.now() - sent);
      // Four a second: within a socket's budget for teller requests (50 per 10 s), as a desk would ask.
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    return { result: await work, worstMs };
  } finally {
    done = true;
    await probing;
  }
}

/** One check started from the teller's page; its result as the page shows it and the server stored it. */
async function runCheck(customer: Page, teller: Page): Promise<Outcome> {
  const previous = await teller.getAttribute('[data-testid=face-result]', 'data-check-id');
  // The customer has scrolled down to the form: the instruction must come to them.
  await customer.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await teller.click('[data-testid=start-face-check]');
  await customer.waitForSelector('[data-testid=face-challenge]', { state: 'visible' });
  await expect
    .poll(() => customer.textContent('[data-testid=face-instruction]'), { timeout: 20_000 })
    .toMatch(/turn your head to your (left|right)/i);
  // In view on the phone, and said aloud to a screen reader through the live region.
  await expect.poll(() => inView(customer, '[data-testid=face-instruction]')).toBe(true);
  expect(await customer.getAttribute('[data-testid=face-announce]', 'aria-live')).toBe('assertive');
  expect(await customer.textContent('[data-testid=face-announce]')).toMatch(/turn your head|checking/i);
  // A loaded machine only makes the capture slower: the page paces itself and the server counts frames.
  await teller.waitForFunction(
    (before) => {
      const el = document.querySelector<HTMLElement>('[data-testid=face-result]');
      return !!el && !el.hidden && el.dataset.checkId !== before && !!el.dataset.outcome;
    },
    previous,
    { timeout: 300_000 },
  );
  const checkId = await teller.getAttribute('[data-testid=face-result]', 'data-check-id');
  const row = await server.kysely
    .selectFrom('face_checks')
    .select(['outcome', 'reasons', 'distance'])
    .where('id', '=', checkId ?? '')
    .executeTakeFirstOrThrow();
  if (!row.outcome) throw new Error(`face check ${checkId} has no judged outcome`);
  expect(await teller.getAttribute('[data-testid=face-result]', 'data-outcome')).toBe(row.outcome);
  // The customer is told in words.
  const told = row.outcome === 'pass' ? /face check passed/i : /did not pass|could not be passed/i;
  await expect
    .poll(() => customer.textContent('[data-testid=face-instruction]'), { timeout: 20_000 })
    .toMatch(row.outcome === 'review' ? /looking at the result/i : told);
  return {
    outcome: row.outcome,
    reasons: JSON.parse(row.reasons ?? '[]') as string[],
    distance: row.distance,
  };
}

/**
 * The clip loops from wherever it happens to be, so a check that starts
 * mid-turn sees the turns in the wrong order (about a quarter of starting
 * phases); such a check is run again, within the call's five attempts.
 */
async function checkUntilJudgedOnItsMerits(
  customer: Page,
  teller: Page,
  missed: (outcome: Outcome) => boolean = (o) =>
    o.reasons.some((r) => r === CAPTURE_MISS || LIVENESS_FAILURES.includes(r)),
  attempts = 4,
): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await runCheck(customer, teller);
    if (!missed(outcome) || attempt === attempts) return outcome;
  }
}

describe('face check in two Chromium pages', () => {
  it('passes against another photo of the same person, fails against someone else; signalling keeps answering', async () => {
    const [teller, customer] = await Promise.all([englishPage(), englishPage({ phone: true })]);
    await tellerLogsIn(teller, server.url);
    // A high-risk service, and a customer of 76: the page asks for each movement slowly (6 s).
    await customerJoins(customer, server.url, undefined, { service: 'bank-authorization-change' });
    await teller.click('[data-testid=accept-offer]');
    await teller.waitForSelector('[data-testid=start-face-check]', { state: 'visible' });
    // Until a face check has passed, the teller can neither ask for the signature nor complete,
    // and reads why beside each button.
    for (const action of ['request-signature', 'complete-service']) {
      await teller.waitForSelector(`[data-testid=${action}]:disabled`);
      expect(await teller.textContent(`[data-testid=${action}-reasons]`)).toContain(
        'A passed face check is needed',
      );
    }

    // "Take a photo" stores a still from the page's own camera: one face, a JPEG.
    // Photos stored seconds apart: their times order them.
    const references = () =>
      server.kysely.selectFrom('face_references').select('mime').orderBy('stored_at').execute();
    await customer.click('[data-testid=reference-capture]');
    // Finding the face takes seconds on a loaded machine; a refusal shows in the status line.
    await expect
      .poll(
        async () =>
          (await customer.isVisible('[data-testid=reference-stored]'))
            ? 'stored'
            : await customer.textContent('[data-testid=status-line]'),
        // The first photo also starts the engine's worker (its models load): minutes on saturated cores.
        { timeout: 240_000 },
      )
      .toBe('stored');
    expect(await references()).toEqual([{ mime: 'image/jpeg' }]);
    await customer.waitForSelector('input[name=referencePhoto]:enabled');
    // A file sent afterwards replaces it: the newest reference is the one checked against.
    await customer.setInputFiles(
      'input[type=file][name=referencePhoto]',
      `${FACE_FIXTURES_DIR}/vlado-01.png`,
    );
    // The server finds the face before it stores the photo: seconds on a loaded machine.
    await expect
      .poll(async () => (await references()).map((r) => r.mime), { timeout: 240_000 })
      .toEqual(['image/jpeg', 'image/png']);

    const probe = await connect(server, { token: (await login(server, 'teller2')).token });
    try {
      // What the machine's own load does to the echo, with no check running: the baseline.
      const { worstMs: baselineMs } = await worstEchoDuring(probe, new Promise((r) => setTimeout(r, 5_000)));
      const { result: same, worstMs } = await worstEchoDuring(
        probe,
        checkUntilJudgedOnItsMerits(customer, teller),
      );
      expect(same).toMatchObject({ outcome: 'pass', reasons: [] });
      // A match outright, not one left to the teller's review band.
      const { matchThreshold, reviewBand } = loadConfig({}).face;
      expect(same.distance).toBeLessThanOrEqual(matchThreshold - reviewBand);
      expect(Number(await teller.getAttribute('[data-testid=face-distance]', 'data-distance'))).toBeCloseTo(
        same.distance!,
        6,
      );
      expect(await teller.locator('[data-testid=face-live-image]').getAttribute('src')).toMatch(
        /^data:image\/jpeg/,
      );
      // The passive signals sit in their own box under the result, labelled as advisory.
      expect(await teller.locator('[data-testid=face-passive-signals]').isVisible()).toBe(true);
      expect(await teller.textContent('[data-testid=face-passive-signals]')).toMatch(/advisory only/);
      const antispoof = await teller.getAttribute('[data-testid=face-passive-antispoof]', 'data-median');
      expect(Number(antispoof || Number.NaN)).toBeGreaterThanOrEqual(0);
      expect(Number(antispoof)).toBeLessThanOrEqual(1);
      // Inference runs in worker threads: the event loop keeps answering. On the main thread,
      // twenty frames at over 100 ms each would hold it for seconds on these shared cores;
      // the bound leaves room for their load, not for inference.
      // Under `npm run test:stress` the cores are saturated and every echo is slow: the bound
      // grows with the baseline measured under the same load.
      expect(worstMs).toBeLessThan(1000 + 3 * baselineMs);
    } finally {
      probe.close();
    }
    // Passed, but against the customer's own photo: a high-risk service still waits, and says why.
    await expect
      .poll(() => teller.textContent('[data-testid=complete-service-reasons]'))
      .not.toContain('A passed face check is needed');
    expect(await teller.isDisabled('[data-testid=complete-service]')).toBe(true);
    expect(await teller.textContent('[data-testid=complete-service-reasons]')).toMatch(/photo/i);

    // The teller replaces the reference with a photo of someone else on file.
    await teller.setInputFiles('input[name=tellerReferencePhoto]', `${FACE_FIXTURES_DIR}/astronaut.png`);
    await teller.waitForSelector('[data-testid=status-line]:has-text("received")');
    // Liveness may miss here too; only a capture that fell behind leaves the match unjudged.
    // Two tries at most: the call's five failed attempts are shared with the checks above.
    const other = await checkUntilJudgedOnItsMerits(
      customer,
      teller,
      (o) => o.reasons.includes(CAPTURE_MISS),
      2,
    );
    expect(other.outcome).toBe('fail');
    expect(other.reasons).toContain('no_match');
    expect(await teller.getAttribute('[data-testid=face-result]', 'data-outcome')).toBe('fail');
  }, 1_200_000);
});
