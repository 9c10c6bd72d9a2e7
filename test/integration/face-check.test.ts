import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceCheckResultView } from '../../shared/contracts/face-events.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { encodeJpeg, decodeFixture } from '../support/face-augmentations.js';
import {
  ask,
  connect,
  createTicket,
  httpRequest,
  login,
  nextEvent,
  request,
  staffHeaders,
} from '../support/clients.js';
import { setUpCall, type ConnectedCall } from '../support/call-setup.js';
import { messageId, runStep, signSummary } from '../support/service-client.js';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { jitter, postImage, putImage, sendFrames } from '../support/face-check.js';
import { NO_FACE_PHOTO, readFaceFixture } from '../support/face-fixtures.js';
import { LEFT_THEN_RIGHT, syntheticTurnFrames } from '../support/synthetic-head-moves.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let engine: FaceEngine;
let turning: Uint8Array[];
let clockOffset = 0;

beforeAll(async () => {
  // random() = 0 always asks "turn left, then turn right", which the synthetic frames perform.
  server = await startTestServer({}, { faceRandom: () => 0, clock: () => Date.now() + clockOffset });
  engine = new FaceEngine({ workers: 1 });
  // Equal angles make equal frames; a camera's never are (and equal ones are refused as replays).
  turning = (await syntheticTurnFrames(engine, 'astronaut.png', LEFT_THEN_RIGHT)).map(jitter);
  // Seconds on a free machine; minutes while the cores are saturated.
}, 240_000);
afterAll(async () => {
  await engine?.close();
  await server?.close();
});

const eventsOf = async (callId: string) =>
  (
    await server.kysely
      .selectFrom('call_events')
      .select(['type', 'actor', 'data'])
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute()
  ).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

const recordOf = (callId: string) =>
  server.kysely
    .selectFrom('service_records')
    .select(['file', 'outcome'])
    .where('call_id', '=', callId)
    .executeTakeFirst();

/** The call's signed record, once written: it is signed when the call's recording is closed. */
async function signedRecordFile(callId: string): Promise<string> {
  await expect.poll(() => recordOf(callId), { timeout: 30_000 }).toBeDefined();
  return (await recordOf(callId))!.file;
}

const recordOutcome = async (callId: string) => (await recordOf(callId))!.outcome;

const teller1Name = async () =>
  (
    await server.kysely
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'teller1')
      .executeTakeFirstOrThrow()
  ).display_name;

/** The record's text in reading order, runs of white space as one space. */
const recordText = (file: string) =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

async function withCall(test: (call: ConnectedCall) => Promise<void>): Promise<void> {
  const call = await setUpCall(server);
  try {
    await test(call);
  } finally {
    await request(call.teller, 'call:hangUp', { callId: call.tellerCall.callId });
    call.customer.close();
    call.teller.close();
  }
}

const uploadReference = (call: ConnectedCall, photo: string) =>
  postImage(
    server,
    `/api/calls/${call.tellerCall.callId}/reference-photo`,
    readFaceFixture(photo),
    call.ticketToken,
  );

/** The turning frames with other bytes: a call refuses frames it has seen before, as replays. */
const freshFrames = (round: number) => turning.map((frame, i) => jitter(frame, i + 64 * round));

/** Each staff member signs in once for the file: sign-ins are rate-limited per person. */
const sessions = new Map<string, Promise<string>>();
const signedIn = async (username: string) => {
  if (!sessions.has(username))
    sessions.set(
      username,
      login(server, username).then((l) => l.token),
    );
  return staffHeaders(await sessions.get(username)!);
};

const uploadReferenceAsTeller = async (call: ConnectedCall, photo: string) =>
  postImage(
    server,
    `/api/calls/${call.tellerCall.callId}/reference-photo`,
    readFaceFixture(photo),
    await signedIn('teller1'),
  );

async function runCheck(call: ConnectedCall, frames: Uint8Array[]): Promise<FaceCheckResultView> {
  const { callId } = call.tellerCall;
  const challenge = nextEvent(call.customer, 'face:challenge');
  await request(call.teller, 'face:start', { callId });
  const { checkId } = await challenge;
  // Seconds on a free machine, a minute or more on saturated cores.
  const result = nextEvent(call.teller, 'face:result', (r) => r.checkId === checkId, 120_000);
  await sendFrames(call.customer, { callId, checkId }, frames);
  return result;
}

describe('reference photo', () => {
  it('refuses a photo without exactly one face, and what is not an image, with clear codes', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      const post = (bytes: Uint8Array) =>
        postImage(server, `/api/calls/${callId}/reference-photo`, bytes, call.ticketToken);
      expect(await post(readFaceFixture(NO_FACE_PHOTO))).toMatchObject({
        status: 422,
        body: { error: { code: 'face_none' } },
      });
      expect(await post(readFaceFixture('sample1.jpg'))).toMatchObject({
        status: 422,
        body: { error: { code: 'face_multiple' } },
      });
      expect(await post(new TextEncoder().encode('GIF89a not really'))).toMatchObject({
        status: 415,
        body: { error: { code: 'image_type' } },
      });
      expect(await post(new Uint8Array(6 * 1024 * 1024).fill(0xff))).toMatchObject({
        status: 413,
        body: { error: { code: 'image_too_large' } },
      });
      expect((await eventsOf(callId)).filter((e) => e.type === 'face.reference.stored')).toHaveLength(0);
    });
  }, 30_000);

  it('stores one face, shows it to the call’s teller and supervisors, never to customers or other tellers', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      const stored = await uploadReference(call, 'vlado-01.png');
      expect(stored.status).toBe(201);
      expect((await eventsOf(callId)).map((e) => e.type)).toContain('face.reference.stored');
      const get = (headers: Record<string, string>) =>
        httpRequest(server, 'GET', `/api/calls/${callId}/reference-photo`, { headers });
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      const ok = await get(await signedIn('teller1'));
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('image/png');
      expect((await get(await signedIn('supervisor1'))).status).toBe(200);
      expect((await get(bearer(call.ticketToken))).status).toBe(403);
      expect((await get(await signedIn('teller2'))).status).toBe(403);
      expect((await get({})).status).toBe(401);
      // The teller gives one on file too. Staff views and uploads of ID photos are in the audit chain.
      expect(
        (
          await postImage(
            server,
            `/api/calls/${callId}/reference-photo`,
            readFaceFixture('vlado-02.png'),
            await signedIn('teller1'),
          )
        ).status,
      ).toBe(201);
      const chained = await server.kysely
        .selectFrom('audit_log')
        .select(['actor_username as who', 'action'])
        .where('target', '=', callId)
        .where('action', 'like', 'face.reference_%')
        .orderBy('seq')
        .execute();
      expect(chained).toEqual([
        { who: 'teller1', action: 'face.reference_viewed' },
        { who: 'supervisor1', action: 'face.reference_viewed' },
        { who: 'teller1', action: 'face.reference_uploaded' },
      ]);
      // Another customer cannot upload into this call.
      const other = await createTicket(server);
      const intruder = await postImage(
        server,
        `/api/calls/${callId}/reference-photo`,
        readFaceFixture('vlado-02.png'),
        other.ticketToken,
      );
      expect(intruder.status).toBe(403);
      await request(await connect(server, { ticketToken: other.ticketToken }), 'queue:leave', {});
    });
  }, 30_000);
});

describe('face check', () => {
  it('passes a turn left then right matching the reference; the result and events are stored', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      expect(await ask(call.teller, 'face:start', { callId })).toMatchObject({
        ok: false,
        error: { code: 'face_reference_missing' },
      });
      await uploadReference(call, 'astronaut.png');
      const started = Date.now();
      const result = await runCheck(call, turning);
      // Judged on its last frame, not at the overall limit (3 minutes); the cores here are shared.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(result, JSON.stringify({ ...result, thumbnail: null })).toMatchObject({
        outcome: 'pass',
        steps: ['turn-left', 'turn-right'],
        threshold: 0.58,
      });
      expect(result.distance).toBeLessThan(0.55);
      expect(result.frames).toHaveLength(turning.length);
      expect(result.frames.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
      expect(result.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
      const passed = (await eventsOf(callId)).find((e) => e.type === 'face.check.passed');
      expect(passed?.data).toMatchObject({
        checkId: result.checkId,
        threshold: 0.58,
        distance: result.distance,
        score: result.distance,
      });
      expect((await eventsOf(callId)).map((e) => e.type)).toContain('face.check.started');
      // The same frames again are a replay.
      const challenge = nextEvent(call.customer, 'face:challenge');
      await request(call.teller, 'face:start', { callId });
      const { checkId } = await challenge;
      const [replayed] = await sendFrames(call.customer, { callId, checkId }, turning.slice(0, 1));
      expect(replayed).toMatchObject({
        ok: false,
        error: { code: 'face_frame_refused', issues: [{ code: 'replayed' }] },
      });
    });
  }, 60_000);

  it('leaves a result in the review band to the teller, whose decision is logged with their name', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      await uploadReference(call, 'astronaut.png');
      const judged = await runCheck(call, turning);
      expect(
        await ask(call.teller, 'face:decide', { callId, checkId: judged.checkId, decision: 'pass' }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
      // The band itself is unit-tested (match-outcome); here a stored result is put in it.
      await server.kysely
        .updateTable('face_checks')
        .set({ outcome: 'review' })
        .where('id', '=', judged.checkId)
        .execute();
      const decided = await request(call.teller, 'face:decide', {
        callId,
        checkId: judged.checkId,
        decision: 'pass',
      });
      expect(decided).toMatchObject({
        outcome: 'pass',
        judged: 'review',
        decidedBy: 'Teller One 柜员一',
        failedAttempts: 0,
      });
      expect((await eventsOf(callId)).find((e) => e.type === 'face.review.decided')).toMatchObject({
        data: { checkId: judged.checkId, decision: 'pass', by: 'Teller One 柜员一', threshold: 0.58 },
      });
      // A staff action, so in the audit chain too.
      expect(
        await server.kysely
          .selectFrom('audit_log')
          .select(['actor_username', 'target', 'details'])
          .where('action', '=', 'face.review_decided')
          .execute(),
      ).toEqual([
        {
          actor_username: 'teller1',
          target: callId,
          details: JSON.stringify({ checkId: judged.checkId, decision: 'pass' }),
        },
      ]);
      // The completion gate of high-risk services reads face.check.passed: a passing decision writes one.
      expect((await eventsOf(callId)).filter((e) => e.type === 'face.check.passed').at(-1)).toMatchObject({
        data: {
          checkId: judged.checkId,
          decidedBy: 'Teller One 柜员一',
          score: judged.distance,
          threshold: 0.58,
        },
      });
      // Decided once.
      expect(
        await ask(call.teller, 'face:decide', { callId, checkId: judged.checkId, decision: 'pass' }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    });
  }, 60_000);

  it('lets a high-risk service complete only once a check on the call has passed', async () => {
    const astronautSha256 = crypto
      .createHash('sha256')
      .update(readFaceFixture('astronaut.png'))
      .digest('hex');
    const call = await setUpCall(server, 'teller1', { serviceId: 'bank-authorization-change' });
    const sockets = { ...call, callId: call.tellerCall.callId };
    try {
      const values = EXAMPLE_VALUES['bank-authorization-change'];
      await runStep(sockets, 'policy', values.policy);
      await runStep(sockets, 'new-account', values['new-account']);
      const complete = () =>
        ask(call.teller, 'service:complete', { callId: sockets.callId, messageId: messageId() });
      const refusedFor = (code: string) => ({
        ok: false,
        error: {
          code: 'completion_refused',
          issues: expect.arrayContaining([expect.objectContaining({ code })]) as unknown,
        },
      });
      const refusal = refusedFor('face_check_required');
      expect(await complete()).toMatchObject(refusal);
      // Nor is the summary shown for signing before the check has passed.
      expect(await ask(call.teller, 'service:requestSignature', { callId: sockets.callId })).toMatchObject({
        ok: false,
        error: { code: 'signature_refused', issues: [{ code: 'face_check_required' }] },
      });
      // Someone else's reference: the check fails and the service still cannot complete.
      await uploadReference(call, 'vlado-01.png');
      expect(await runCheck(call, turning)).toMatchObject({ outcome: 'fail', reasons: ['no_match'] });
      // A camera never sends the same frame twice; frames seen before on the call are refused.
      expect(await complete()).toMatchObject(refusal);
      // The customer's own photo passes a check, but a high-risk service cannot rest on it:
      // an impostor could have uploaded their own face.
      await uploadReference(call, 'astronaut.png');
      // The teller reads that the photo is the customer's own.
      expect(await runCheck(call, freshFrames(1))).toMatchObject({
        outcome: 'pass',
        reference: { source: 'customer', uploadedBy: 'customer', uploaderName: null },
      });
      expect(await complete()).toMatchObject(refusedFor('face_reference_not_staff'));
      // The teller puts the photo on file; from then on the customer cannot replace it.
      expect((await uploadReferenceAsTeller(call, 'astronaut.png')).status).toBe(201);
      expect(await uploadReference(call, 'vlado-01.png')).toMatchObject({
        status: 409,
        body: { error: { code: 'face_reference_locked' } },
      });
      const passed = await runCheck(call, freshFrames(2));
      // Named to the teller: the teller's upload, by whom, and the photo's hash.
      expect(passed).toMatchObject({
        outcome: 'pass',
        reference: { source: 'teller', uploaderName: await teller1Name(), sha256: astronautSha256 },
      });
      await signSummary(sockets);
      const done = await complete();
      expect(done, JSON.stringify(done)).toMatchObject({ ok: true, data: { status: 'completed' } });
      expect(
        (await eventsOf(sockets.callId)).find((e) => e.type === 'service.completed')?.data,
      ).toMatchObject({
        faceCheck: { checkId: passed.checkId, passed: true, referenceSource: 'teller' },
      });
    } finally {
      await request(call.teller, 'call:hangUp', { callId: sockets.callId });
      call.customer.close();
      call.teller.close();
    }
    // The signed record names the photo the passing check was judged against: source, uploader, hash.
    const file = await signedRecordFile(sockets.callId);
    // The identity-check section's reference row as laid out: labels over their values.
    const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const row = layout
      .slice(layout.indexOf('参考照片来源 Reference source'))
      .split('\n')
      .slice(0, 3)
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(row).toContain('上传人 Uploaded by');
    expect(row).toContain('柜员上传 Teller’s upload');
    expect(row).toContain(await teller1Name());
    expect(row).toContain(`${astronautSha256.slice(0, 12)}…`);
    // In full in the appendix, for an auditor to check against the stored photo.
    expect(recordText(file)).toMatch(
      new RegExp(`(人脸核验参考照片|Face check reference photo) ${astronautSha256}`),
    );
  }, 120_000);

  it('keeps the reference a check started with, whatever is uploaded while it runs', async () => {
    await withCall(async (call) => {
      const { callId } = call.tellerCall;
      const first = await uploadReferenceAsTeller(call, 'vlado-01.png');
      const challenge = nextEvent(call.customer, 'face:challenge');
      await request(call.teller, 'face:start', { callId });
      const { checkId } = await challenge;
      const result = nextEvent(call.teller, 'face:result', (r) => r.checkId === checkId, 20_000);
      // The astronaut's photo arrives mid-check; her frames are still judged against the first photo.
      expect((await uploadReferenceAsTeller(call, 'astronaut.png')).status).toBe(201);
      await sendFrames(call.customer, { callId, checkId }, turning.map(jitter));
      expect(await result).toMatchObject({ outcome: 'fail', reasons: ['no_match'] });
      const started = (await eventsOf(callId)).find((e) => e.type === 'face.check.failed')!;
      expect(started.data).toMatchObject({ referenceId: first.body.referenceId, referenceSource: 'teller' });
    });
  }, 60_000);

  it('uses the photo the institution keeps on file for the customer’s ID', async () => {
    const idNumber = '110105194912310062';
    const put = (as: Record<string, string>) =>
      putImage(server, `/api/references/cn-resident/${idNumber}`, readFaceFixture('astronaut.png'), as);
    expect((await put(await signedIn('teller1'))).status).toBe(403);
    const filed = await put(await signedIn('admin1'));
    expect(filed.status).toBe(200);
    const call = await setUpCall(server, 'teller1', { idNumber });
    try {
      const { callId } = call.tellerCall;
      // Staff provided it: the customer cannot put another face in its place.
      expect(await uploadReference(call, 'vlado-01.png')).toMatchObject({
        status: 409,
        body: { error: { code: 'face_reference_locked' } },
      });
      // The teller sees the photo on file before any check; looking changes nothing.
      const seen = await httpRequest(server, 'GET', `/api/calls/${callId}/reference-photo`, {
        headers: await signedIn('teller1'),
      });
      expect(seen.status).toBe(200);
      expect(seen.headers['content-type']).toBe('image/png');
      expect((await eventsOf(callId)).map((e) => e.type)).not.toContain('face.reference.stored');
      expect(await runCheck(call, turning.map(jitter))).toMatchObject({ outcome: 'pass' });
      const stored = (await eventsOf(callId)).find((e) => e.type === 'face.reference.stored')!;
      expect(stored.data).toMatchObject({ source: 'on_file', sha256: filed.body.sha256 });
    } finally {
      await request(call.teller, 'call:hangUp', { callId: call.tellerCall.callId });
      call.customer.close();
      call.teller.close();
    }
  }, 60_000);

  it('judges a challenge sent at the page’s pace soon after its last frame', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      await uploadReference(call, 'astronaut.png');
      const challenge = nextEvent(call.customer, 'face:challenge');
      await request(call.teller, 'face:start', { callId });
      const { checkId, pacing } = await challenge;
      const result = nextEvent(call.teller, 'face:result', (r) => r.checkId === checkId, 20_000);
      await sendFrames(
        call.customer,
        { callId, checkId },
        turning,
        () => new Promise((r) => setTimeout(r, pacing.frameIntervalMs)),
      );
      const lastFrameAt = performance.now();
      expect(await result).toMatchObject({ outcome: 'pass' });
      const judgedInMs = performance.now() - lastFrameAt;
      console.info(`face check judged ${Math.round(judgedInMs)} ms after its last frame`);
      // The target is 1 s on a free core (bench:face); here the cores are shared with other
      // suites, so this only catches judging that waits for the overall limit (3 minutes).
      expect(judgedInMs).toBeLessThan(30_000);
    });
  }, 60_000);

  it('passes on its frame counts when the challenge reaches the page late and the frames come slowly', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      await uploadReference(call, 'astronaut.png');
      const challenge = nextEvent(call.customer, 'face:challenge');
      await request(call.teller, 'face:start', { callId });
      const { checkId, limitMs } = await challenge;
      const result = nextEvent(call.teller, 'face:result', (r) => r.checkId === checkId, 120_000);
      const told = nextEvent(call.customer, 'face:outcome', (o) => o.checkId === checkId, 120_000);
      // The page starts 10 s late and then manages a frame every 2 s: 38 s on the server's
      // clock, where a fixed 6-second window used to refuse all but the first frames.
      const acks = await sendFrames(call.customer, { callId, checkId }, freshFrames(7), (seq) => {
        clockOffset = 10_000 + seq * 2_000;
      });
      clockOffset = 0;
      expect(10_000 + (turning.length - 1) * 2_000).toBeLessThan(limitMs);
      expect(acks.every((ack) => ack.ok)).toBe(true);
      const judged = await result;
      expect(judged).toMatchObject({ outcome: 'pass', reasons: [] });
      expect(judged.frames).toHaveLength(turning.length);
      // The customer hears the outcome too (the page words it), never the distance.
      expect(await told).toEqual({ callId, checkId, outcome: 'pass', attemptsLeft: 5, exhausted: false });
    });
  }, 300_000);

  it('fails a still photo: it cannot turn', async () => {
    await withCall(async (call) => {
      await uploadReference(call, 'astronaut.png');
      const still = readFaceFixture('astronaut.png');
      const frame = encodeJpeg(decodeFixture(still), 85);
      const result = await runCheck(
        call,
        Array.from({ length: 15 }, (_, i) => jitter(frame, i)),
      );
      expect(result.outcome).toBe('fail');
      expect(result.reasons).toContain('motion_missing');
      expect(
        (await eventsOf(call.tellerCall.callId)).find((e) => e.type === 'face.check.failed')?.data,
      ).toMatchObject({
        checkId: result.checkId,
      });
      // The customer's page is told, so its end screen can say why the service was not done.
      const view = await request(call.customer, 'service:state', { callId: call.tellerCall.callId });
      expect(view.faceCheck).toBe('failed');
    });
  }, 60_000);

  // Passive presentation-attack signals: advisory scores beside the result, never a reason.
  it('carries the passive signals beside the result and on the timeline, without gating on them', async () => {
    await withCall(async (call) => {
      await uploadReference(call, 'astronaut.png');
      const result = await runCheck(call, turning);
      expect(result.outcome).toBe('pass');
      const inUnitRange = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
      for (const name of ['antispoof', 'liveness'] as const) {
        const summary = result.passiveSignals[name];
        expect(summary, name).not.toBeNull();
        expect(inUnitRange(summary!.median) && inUnitRange(summary!.lowest)).toBe(true);
        expect(summary!.lowest).toBeLessThanOrEqual(summary!.median);
        const scored = result.frames.filter((f) => f.faces === 1 && inUnitRange(f[name]));
        expect(summary!.frames).toBe(scored.length);
        // Every other frame is scored (PASSIVE_SIGNAL_STRIDE), the others carry null.
        expect(scored.length).toBeGreaterThan(result.frames.length / 4);
        expect(result.frames.filter((_, i) => i % 2 === 1).every((f) => f[name] === null)).toBe(true);
      }
      expect(result.reasons.some((r) => /spoof|liveness|passive/.test(r))).toBe(false);
      const passed = (await eventsOf(call.tellerCall.callId)).find((e) => e.type === 'face.check.passed');
      expect(passed?.data.passiveSignals).toEqual(result.passiveSignals);
    });
  }, 60_000);

  it('refuses frames from another socket, from the teller, after the window; no request claims a result', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      await uploadReference(call, 'astronaut.png');
      const challenge = nextEvent(call.customer, 'face:challenge');
      await request(call.teller, 'face:start', { callId });
      const { checkId } = await challenge;
      const frame = { callId, checkId, seq: 0, phase: 0, bytes: turning[0] };
      const secondTab = await connect(server, { ticketToken: call.ticketToken });
      expect(await ask(secondTab, 'face:frame', frame)).toMatchObject({
        ok: false,
        error: { code: 'face_frame_refused', issues: [{ code: 'wrong_socket' }] },
      });
      secondTab.close();
      expect(await ask(call.teller, 'face:frame', frame)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      const claim = await (
        call.customer.timeout(5000).emitWithAck as unknown as (e: string, p: unknown) => Promise<unknown>
      ).call(call.customer, 'face:result', { callId, checkId, outcome: 'pass' });
      expect(claim).toMatchObject({ ok: false, error: { code: 'not_found' } });
      clockOffset = 300_000;
      try {
        expect(await ask(call.customer, 'face:frame', frame)).toMatchObject({
          ok: false,
          error: { code: 'face_frame_refused', issues: [{ code: 'outside_window' }] },
        });
      } finally {
        clockOffset = 0;
      }
    });
  }, 60_000);

  it('fails too few frames, and stops after five failed attempts', async () => {
    await withCall(async (call) => {
      const callId = call.tellerCall.callId;
      await uploadReference(call, 'astronaut.png');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const told = nextEvent(call.customer, 'face:outcome', undefined, 120_000);
        const result = await runCheck(call, [jitter(turning[0]!, attempt)]);
        expect(result).toMatchObject({
          outcome: 'fail',
          reasons: ['too_few_frames'],
          failedAttempts: attempt,
        });
        // The customer is told each fail, and with the last that no attempt is left.
        expect(await told).toMatchObject({
          outcome: 'fail',
          attemptsLeft: 5 - attempt,
          exhausted: attempt === 5,
        });
      }
      expect(await ask(call.teller, 'face:start', { callId })).toMatchObject({
        ok: false,
        error: { code: 'face_attempts_exhausted' },
      });
      expect((await eventsOf(callId)).filter((e) => e.type === 'face.attempts.exhausted')).toHaveLength(1);
    });
  }, 300_000);
  it('a high-risk service whose face check attempts ran out is recorded as not completed', async () => {
    const call = await setUpCall(server, 'teller1', { serviceId: 'bank-authorization-change' });
    const callId = call.tellerCall.callId;
    try {
      await uploadReferenceAsTeller(call, 'astronaut.png');
      for (let attempt = 1; attempt <= 5; attempt++) {
        await runCheck(call, [jitter(turning[0]!, 100 + attempt)]);
      }
    } finally {
      await request(call.teller, 'call:hangUp', { callId });
      call.customer.close();
      call.teller.close();
    }
    const text = recordText(await signedRecordFile(callId));
    expect(await recordOutcome(callId)).toBe('not_completed');
    expect(text).toContain('Not completed: every face check attempt failed');
    expect(text).toContain('未办结');
  }, 300_000);
});
