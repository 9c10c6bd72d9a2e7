import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { StaffUser } from '../../shared/contracts/auth.js';
import type { CallEventData, CallEventType } from '../../shared/contracts/call-events.js';
import type {
  FaceChallengeStep,
  FaceChallengeView,
  FaceCheckResultView,
  FaceCustomerOutcome,
  FaceOutcome,
  FaceProgressView,
} from '../../shared/contracts/face-events.js';
import type { FaceConfig } from '../platform/config.js';
import { attemptVerdict } from './rules/attempt-limit.js';
import { CHALLENGE_LENGTH, pickChallenge } from './rules/challenge.js';
import { judgeFaceCheck, type FaceCheckRules } from './rules/face-check-verdict.js';
import {
  admitFrame,
  enoughFrames,
  nothingAdmitted,
  withFrame,
  type AdmittedSoFar,
  type FrameWindowRules,
} from './rules/frame-window.js';
import { CAPTURE_PACING } from '../../shared/domain/face-capture-pacing.js';
import { DEFAULT_LIVENESS_THRESHOLDS } from './rules/liveness-thresholds.js';
import { passiveSignalsOf } from './rules/passive-signals.js';
import { AppError } from '../platform/errors.js';
import type { FaceEngine } from './engine/face-engine.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { CallRegistry, TimelineStore } from '../call/index.js';
import type { FaceCheckRow, FaceReference, FaceStore } from './face-store.js';
import { requirePermission, type Principal } from '../identity/index.js';
import { FrameAnalyser } from './frame-analysis.js';
import { faceResultView } from './face-result-view.js';

/**
 * How a challenge is captured: the page's pacing (one phase per movement, at
 * least 4 s each, 6 s in elderly mode, enough frames in each), judged on the
 * frames that came, with a generous overall limit for a page that falls far
 * behind or stops sending.
 */
export const FACE_CAPTURE = {
  pacing: CAPTURE_PACING,
  limitMs: 180_000,
  /** How many of the closest frames' distances are averaged for the match. */
  bestFrames: 3,
};

/** Frames with one face a check needs, of the least its phases hold. */
const minFaceFrames = (phases: number) => Math.ceil(phases * FACE_CAPTURE.pacing.minFramesPerPhase * 0.8);

/** How a check's frames are judged, from the configured threshold and review band. */
export const faceCheckRules = (
  config: Pick<FaceConfig, 'matchThreshold' | 'reviewBand'>,
): FaceCheckRules => ({
  match: { threshold: config.matchThreshold, reviewBand: config.reviewBand },
  liveness: DEFAULT_LIVENESS_THRESHOLDS,
  minFaceFrames: minFaceFrames(CHALLENGE_LENGTH),
  bestFrames: FACE_CAPTURE.bestFrames,
});

const RESULT_EVENT = {
  pass: 'face.check.passed',
  fail: 'face.check.failed',
  review: 'face.check.review',
} as const satisfies Record<FaceOutcome, CallEventType>;

/** What every result event carries, whoever judged it. */
type FaceResultData = Omit<CallEventData<'face.check.failed'>, 'outcome' | 'reasons' | 'frameHashes'>;

export interface FaceChecksDeps {
  callRegistry: CallRegistry;
  db: Kysely<Schema>;
  faces: FaceStore;
  events: TimelineStore;
  engine: () => FaceEngine;
  /** The reference a new check on the ticket uses (FaceReferences.forCheck). */
  referenceFor: (ticketId: string, callId: string) => Promise<FaceReference | undefined>;
  config: FaceConfig;
  clock: () => number;
  /** [0, 1); cryptographic in production so the challenge cannot be predicted. */
  random: () => number;
  onError: (error: unknown) => void;
  /** A staff member's display name, so the teller reads who uploaded the reference. */
  staffName: (userId: string) => string | undefined | Promise<string | undefined>;
}

interface RunningCheck {
  record: FaceCheckRow;
  ticketId: string;
  steps: FaceChallengeStep[];
  window: FrameWindowRules;
  sequence: AdmittedSoFar;
  frames: FrameAnalyser;
  known: Set<string>;
  reference: Float32Array;
  status: 'capturing' | 'judging';
  timer: NodeJS.Timeout;
}

type DeskEvents = {
  challenge: [socketId: string, challenge: FaceChallengeView];
  challengeEnded: [socketId: string, event: { callId: string; checkId: string }];
  outcome: [socketId: string, outcome: FaceCustomerOutcome];
  /** A check's verdict was stored (judged, or decided by the teller): what rests on it may change. */
  judged: [callId: string];
  progress: [tellerId: string, progress: FaceProgressView];
  result: [tellerId: string, result: FaceCheckResultView];
};

export const cryptoRandom = (): number => crypto.randomInt(2 ** 32) / 2 ** 32;

/**
 * Face checks on calls: the teller starts one, the server picks the
 * challenge, admits the customer's frames from the one socket it asked, and
 * judges them itself. Results and decisions go to the database and the call's events.
 */
export class FaceChecks extends EventEmitter<DeskEvents> {
  readonly #running = new Map<string, RunningCheck>();
  /**
   * Calls whose check is being set up (reads and writes in between): a second start is
   * refused meanwhile, and a call that ends meanwhile gets no check.
   */
  readonly #starting = new Map<string, { callEnded: boolean }>();
  readonly #rules: FaceCheckRules;
  /** The socket of the call's customer a challenge goes to, if connected; set by the socket layer. */
  customerSocket: (ticketId: string) => string | undefined = () => undefined;

  constructor(private readonly deps: FaceChecksDeps) {
    super();
    this.#rules = faceCheckRules(deps.config);
  }

  async start(teller: StaffUser, callId: string): Promise<FaceProgressView> {
    const ticketId = this.#tellerCall({ kind: 'staff', user: teller }, callId);
    if (this.#running.has(callId) || this.#starting.has(callId)) {
      throw new AppError('invalid_state', 'a face check is already running');
    }
    const setUp = { callEnded: false };
    this.#starting.set(callId, setUp);
    try {
      return await this.#start(teller, callId, ticketId, setUp);
    } finally {
      this.#starting.delete(callId);
    }
  }

  async #start(
    teller: StaffUser,
    callId: string,
    ticketId: string,
    setUp: { callEnded: boolean },
  ): Promise<FaceProgressView> {
    const failed = await this.deps.faces.failedCount(callId);
    const verdict = attemptVerdict(failed, this.deps.config.maxAttempts);
    if (!verdict.allowed) {
      throw new AppError('face_attempts_exhausted', `${failed} face checks failed on this call`);
    }
    const reference = await this.deps.referenceFor(ticketId, callId);
    if (!reference) throw new AppError('face_reference_missing', 'no reference photo for this customer');
    // Asked again after the wait for the reference: a second start may have begun meanwhile.
    if (this.#running.has(callId)) throw new AppError('invalid_state', 'a face check is already running');
    const socketId = this.customerSocket(ticketId);
    if (!socketId) throw new AppError('invalid_state', 'the customer is not connected');

    const now = this.deps.clock();
    const steps = pickChallenge(this.deps.random);
    const record: FaceCheckRow = {
      id: crypto.randomUUID(),
      callId,
      referenceId: reference.id,
      startedBy: teller.id,
      startedAt: now,
      challenge: steps,
      threshold: this.deps.config.matchThreshold,
      reviewBand: this.deps.config.reviewBand,
      judgement: null,
      decision: null,
    };
    const known = await this.deps.faces.frameHashes(callId);
    const refuseEnded = () => {
      if (setUp.callEnded) throw new AppError('not_found', 'no such call in progress');
    };
    refuseEnded();
    await inTransaction(this.deps.db, async (trx) => {
      await this.deps.faces.in(trx).insertCheck(record);
      await this.#event(trx, callId, ticketId, teller.id, 'face.check.started', {
        checkId: record.id,
        challenge: steps,
        attempt: failed + 1,
        remaining: verdict.remaining,
      });
    });
    // Ended while the check was written: it stays started and unjudged, as one the call's end stops.
    refuseEnded();
    const { pacing, limitMs } = FACE_CAPTURE;
    const check: RunningCheck = {
      record,
      ticketId,
      steps,
      window: {
        customerSocketId: socketId,
        opensAt: now,
        closesAt: now + limitMs,
        phases: steps.length,
        minFramesPerPhase: pacing.minFramesPerPhase,
        maxFramesPerPhase: pacing.maxFramesPerPhase,
      },
      sequence: nothingAdmitted(),
      frames: new FrameAnalyser(this.deps.engine(), DEFAULT_LIVENESS_THRESHOLDS.frontalYaw),
      known,
      reference: reference.descriptor,
      status: 'capturing',
      // Past the limit the check is judged on what came: too few frames fail it.
      timer: setTimeout(() => void this.#judge(check), limitMs),
    };
    this.#running.set(callId, check);
    this.emit('challenge', socketId, {
      callId,
      checkId: record.id,
      steps,
      pacing,
      limitMs,
    });
    return this.#progress(check);
  }

  /** One frame from the customer's page; refused unless it belongs to the running challenge. */
  frame(
    principal: Principal,
    socketId: string,
    input: {
      callId: string;
      checkId: string;
      seq: number;
      phase: number;
      last?: boolean | undefined;
      bytes: Uint8Array;
    },
  ): { admitted: number } {
    // The policy says who may send frames; the call registry, whether this call is theirs.
    this.deps.callRegistry.roomFor(requirePermission(principal, 'face.frames'), input.callId);
    const check = this.#running.get(input.callId);
    const refuse = (reason: string) =>
      new AppError('face_frame_refused', `frame refused: ${reason}`, [
        { path: 'bytes', code: reason, message: reason },
      ]);
    if (!check || check.record.id !== input.checkId || check.status !== 'capturing') {
      throw refuse('outside_window');
    }
    const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex');
    const receivedAt = this.deps.clock();
    const incoming = { socketId, receivedAt, sha256, seq: input.seq, phase: input.phase };
    const refusal = admitFrame(check.window, incoming, check.sequence, check.known);
    if (refusal) throw refuse(refusal);
    check.known.add(sha256);
    check.sequence = withFrame(check.sequence, incoming);
    const bytes = new Uint8Array(input.bytes);
    check.frames.admit({ seq: input.seq, sha256, bytes });
    this.emit('progress', this.#tellerOf(check), this.#progress(check));
    const full = check.frames.count >= check.window.phases * check.window.maxFramesPerPhase;
    if (input.last || full) void this.#judge(check);
    return { admitted: check.frames.count };
  }

  /** The teller's decision on a result in the review band, logged with the teller's name. */
  async decide(
    teller: StaffUser,
    callId: string,
    checkId: string,
    decision: 'pass' | 'fail',
  ): Promise<FaceCheckResultView> {
    const ticketId = this.#tellerCall({ kind: 'staff', user: teller }, callId);
    const record = await this.deps.faces.findCheck(checkId);
    if (!record || record.callId !== callId)
      throw new AppError('not_found', 'no such face check on this call');
    const resultData = await this.#resultData(record, record.judgement?.distance ?? null);
    const now = this.deps.clock();
    await inTransaction(this.deps.db, async (trx) => {
      const faces = this.deps.faces.in(trx);
      if (!(await faces.decide(checkId, decision, teller.displayName, now))) {
        throw new AppError('invalid_state', 'this face check is not waiting for a review decision');
      }
      await this.#event(trx, callId, ticketId, teller.id, 'face.review.decided', {
        checkId,
        decision,
        by: teller.displayName,
        distance: record.judgement?.distance ?? null,
        threshold: record.threshold,
      });
      // The completion gate of high-risk services reads face.check.passed only.
      if (decision === 'pass') {
        await this.#event(trx, callId, ticketId, teller.id, RESULT_EVENT.pass, {
          ...resultData,
          passiveSignals: passiveSignalsOf(record.judgement?.frames ?? []),
          outcome: 'pass',
          decidedBy: teller.displayName,
        });
      }
      if (decision === 'fail') await this.#noteExhausted(trx, faces, callId, ticketId);
    });
    const view = await this.#resultView((await this.deps.faces.findCheck(checkId))!);
    this.#tellCustomer(ticketId, view);
    this.emit('judged', callId);
    return view;
  }

  /** A call that ends takes its running check with it, unjudged. */
  callEnded(callId: string): void {
    const setUp = this.#starting.get(callId);
    if (setUp) setUp.callEnded = true;
    const check = this.#running.get(callId);
    if (!check || check.status !== 'capturing') return;
    clearTimeout(check.timer);
    this.#running.delete(callId);
  }

  close(): void {
    for (const check of this.#running.values()) clearTimeout(check.timer);
    this.#running.clear();
  }

  /** The ticket of a call the principal serves as its teller. */
  #tellerCall(principal: Principal, callId: string): string {
    this.deps.callRegistry.roomFor(requirePermission(principal, 'face.check'), callId);
    const customer = this.deps.callRegistry.participantsOf(callId).find((p) => p.role === 'customer');
    if (customer?.role !== 'customer') throw new AppError('not_found', 'no such call in progress');
    return customer.ticketId;
  }

  async #judge(check: RunningCheck): Promise<void> {
    if (check.status !== 'capturing' || this.#running.get(check.record.callId) !== check) return;
    check.status = 'judging';
    clearTimeout(check.timer);
    const { callId, id: checkId } = check.record;
    this.emit('challengeEnded', check.window.customerSocketId, { callId, checkId });
    this.emit('progress', this.#tellerOf(check), this.#progress(check));
    try {
      const judgement = await this.#verdict(check);
      const resultData = await this.#resultData(check.record, judgement.distance);
      await inTransaction(this.deps.db, async (trx) => {
        const faces = this.deps.faces.in(trx);
        await faces.judge(checkId, judgement);
        await this.#event(trx, callId, check.ticketId, 'system', RESULT_EVENT[judgement.outcome], {
          ...resultData,
          outcome: judgement.outcome,
          reasons: judgement.reasons,
          frameHashes: judgement.frames.map((f) => f.sha256),
          // Advisory beside the result; the verdict above never read them.
          passiveSignals: passiveSignalsOf(judgement.frames),
        });
        if (judgement.outcome === 'fail') await this.#noteExhausted(trx, faces, callId, check.ticketId);
      });
      const view = await this.#resultView((await this.deps.faces.findCheck(checkId))!);
      this.emit('result', this.#tellerOf(check), view);
      this.#tellCustomer(check.ticketId, view);
      this.emit('judged', callId);
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.#running.delete(callId);
    }
  }

  async #verdict(check: RunningCheck) {
    const judgedAt = () => this.deps.clock();
    if (!enoughFrames(check.window, check.sequence)) {
      // Not analysed: too few to judge whatever they show.
      const frames = check.frames.hashes.map(({ seq, sha256 }) => ({
        seq,
        sha256,
        faces: 0,
        yaw: null,
        eyeAspectRatio: null,
        distance: null,
      }));
      return {
        outcome: 'fail' as const,
        reasons: ['too_few_frames'],
        distance: null,
        frames,
        thumbnail: null,
        judgedAt: judgedAt(),
      };
    }
    const analysis = await check.frames.result(check.reference);
    const verdict = judgeFaceCheck(check.steps, analysis.frames, this.#rules);
    return {
      outcome: verdict.outcome,
      reasons: [...verdict.reasons],
      distance: verdict.distance,
      frames: analysis.scores,
      thumbnail: analysis.thumbnail,
      judgedAt: judgedAt(),
    };
  }

  /** The customer's page hears the outcome in words: pass, fail, or the teller is looking at it. */
  #tellCustomer(ticketId: string, view: FaceCheckResultView): void {
    const socketId = this.customerSocket(ticketId);
    if (!socketId) return;
    const attemptsLeft = Math.max(0, view.maxAttempts - view.failedAttempts);
    this.emit('outcome', socketId, {
      callId: view.callId,
      checkId: view.checkId,
      outcome: view.outcome,
      attemptsLeft,
      exhausted: attemptsLeft === 0,
    });
  }

  /**
   * Logs the moment the call runs out of attempts; high-risk services are blocked from then on.
   * `faces` is bound to `trx`, the transaction that stored the failure, so the count includes it.
   */
  async #noteExhausted(
    trx: Kysely<Schema>,
    faces: FaceStore,
    callId: string,
    ticketId: string,
  ): Promise<void> {
    const failed = await faces.failedCount(callId);
    if (failed !== this.deps.config.maxAttempts) return;
    await this.#event(trx, callId, ticketId, 'system', 'face.attempts.exhausted', {
      failed,
      max: this.deps.config.maxAttempts,
    });
  }

  /** What every result event carries; `score` is the distance, under the name the service record reads. */
  async #resultData(record: FaceCheckRow, distance: number | null): Promise<FaceResultData> {
    const reference = await this.deps.faces.findReference(record.referenceId);
    return {
      checkId: record.id,
      distance,
      score: distance,
      threshold: record.threshold,
      reviewBand: record.reviewBand,
      challenge: record.challenge,
      referenceId: record.referenceId,
      // Whether the check may carry a high-risk service rests on who provided the photo.
      referenceSource: reference?.source ?? 'customer',
      // The record names the photo the check was judged against: who provided it, and its hash.
      ...(reference ? { referenceUploadedBy: reference.uploadedBy, referenceSha256: reference.sha256 } : {}),
    };
  }

  #event<T extends CallEventType>(
    trx: Kysely<Schema>,
    callId: string,
    ticketId: string,
    actor: string,
    type: T,
    data: CallEventData<T>,
  ): Promise<void> {
    return this.deps.events.in(trx).append({ callId, ticketId, at: this.deps.clock(), actor, type, data });
  }

  /** The call's teller now: a check outlives a hand-over of the call. */
  #tellerOf(check: RunningCheck): string {
    const teller = this.deps.callRegistry
      .participantsOf(check.record.callId)
      .find((p) => p.role === 'teller');
    return teller?.role === 'teller' ? teller.tellerId : check.record.startedBy;
  }

  #progress(check: RunningCheck): FaceProgressView {
    return {
      callId: check.record.callId,
      checkId: check.record.id,
      steps: check.steps,
      status: check.status,
      framesAdmitted: check.frames.count,
      framesPerPhase: Array.from({ length: check.steps.length }, (_, i) => check.sequence.perPhase[i] ?? 0),
    };
  }

  async #resultView(record: FaceCheckRow): Promise<FaceCheckResultView> {
    const reference = await this.deps.faces.findReference(record.referenceId);
    if (!reference) throw new Error(`face check ${record.id} names a reference that is not stored`);
    return faceResultView(
      record,
      await this.deps.faces.failedCount(record.callId),
      this.deps.config.maxAttempts,
      reference,
      (await this.deps.staffName(reference.uploadedBy)) ?? null,
    );
  }
}
