import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { documentReferenceSchema } from '../../shared/catalog/field-schema.js';
import { findService, type ServiceId } from '../../shared/catalog/services.js';
import type { CallEventData, CallEventType } from '../../shared/contracts/call-events.js';
import { pathOf } from '../../shared/contracts/rest.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import type { SignatureStroke } from '../../shared/domain/signature-strokes.js';
import { AppError } from '../platform/errors.js';
import { applyFlowMessage, startServiceFlow } from './rules/service-flow.js';
import type { FlowActor, FlowCommand, ServiceFlowState } from './rules/flow-types.js';
import { serviceOf } from './rules/step-commands.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { CallRegistry, TimelineStore } from '../call/index.js';
import type { RecordingStore } from '../recording/index.js';
import type { ServiceStore, StoredSignature } from './service-store.js';
import {
  asCustomer,
  callParties,
  mayReadCall,
  requireCallPermission,
  requirePermission,
  type CallParties,
  type Principal,
} from '../identity/index.js';
import { faceCheckFailed, passedFaceCheck } from '../face/index.js';
import { callDay } from '../platform/call-day.js';
import { storeDocument } from './document-intake.js';
import { checkDeclaredDimensions, type DimensionLimits } from '../platform/images/image-dimensions.js';

/** What a signature pad makes, with room for a high-density screen; the PNG is shown to the teller. */
const SIGNATURE_LIMITS: DimensionLimits = { maxWidth: 2000, maxHeight: 1000, maxPixels: 2_000_000 };
import { archiveServiceRecord, type RecordArchiveDeps } from './record-archive.js';
import { serviceStateView, type ServiceExtras } from './service-view.js';

export interface ServiceSessionsDeps extends RecordArchiveDeps {
  /** The service's store lives here: SQLite's connection, or PostgreSQL (README, "Database"). */
  db: Kysely<Schema>;
  events: TimelineStore;
  callRegistry: CallRegistry;
  /** Where uploaded documents are kept (`<data dir>/documents/<call id>/`). */
  documentsDir: string;
  recordings: RecordingStore;
  logger: Logger;
  clock: () => number;
  /** Location gate: why a call's service may not go on where its customer is (SKYTELLER_ALLOWED_COUNTRIES). */
  locationRefusal?: (callId: string, serviceId: string) => Promise<LocationRefusal | undefined>;
}

/** The location gate's stable codes, also shown to the teller as completion blockers. */
export type LocationRefusal = 'country_not_allowed' | 'location_required';

/** Who a service event is about: the call, and its ticket. */
type TimelineHead = { callId: string; ticketId: string | null };

/** Teller commands that move a service on: refused where the customer's country is not allowed. */
const ADVANCING = new Set<FlowCommand['type']>(['push_step', 'confirm_step', 'complete']);

type DeskEvents = {
  /** The call's service changed: both pages get its new state. */
  changed: [callId: string, view: ServiceStateView];
  /** The service's signed record is written (for a recorded call, once the call and its recording ended). */
  ended: [callId: string, status: 'completed' | 'withdrawn', recordUrl: string];
};

/** How long a download waits for the record of a call that has just ended to be signed. */
const RECORD_WAIT_MS = 30_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const recordUrlOf = (callId: string): string => pathOf(restRoutes.recordPdf, { callId });

/**
 * The guided service of each call: applies the pure service flow to messages
 * from the call's teller and customer, stores every accepted change with its
 * events in one transaction, and, when the service ends, builds and signs the
 * record. A recorded call's record carries its recording's manifest hash, so
 * it is signed once the call has ended and the manifest is written
 * (`recordingFinished`); until then downloads wait for it.
 */
export class ServiceSessions extends EventEmitter<DeskEvents> {
  constructor(private readonly deps: ServiceSessionsDeps) {
    super();
  }

  /** Who may read a call's record (the policy's `call.read`). */
  async mayRead(principal: Principal, callId: string): Promise<boolean> {
    return mayReadCall(principal, await this.#parties(callId));
  }

  /** The call's customer and every teller who served it; undefined for no such call. */
  async #parties(callId: string): Promise<CallParties | undefined> {
    const call = await this.deps.calls.find(callId);
    return call && callParties(call.ticketId, await this.deps.calls.tellersOf(callId));
  }

  /** Who is shown the call's service: its customer and the tellers still in it. */
  async audienceOf(callId: string): Promise<{ ticketId: string | undefined; tellerIds: string[] }> {
    const tellerIds = (await this.deps.calls.tellersOf(callId))
      .filter((t) => t.leftAt === null)
      .map((t) => t.tellerId);
    return { ticketId: (await this.deps.calls.find(callId))?.ticketId, tellerIds };
  }

  async view(principal: Principal, callId: string): Promise<ServiceStateView> {
    requireCallPermission(principal, 'service.follow', await this.#parties(callId));
    return this.#view(await this.#flow(callId));
  }

  /** Applies one message from a participant of the call in progress. */
  async send(principal: Principal, callId: string, messageId: string, command: FlowCommand) {
    return this.#apply(principal, callId, messageId, command);
  }

  /** The teller shows the customer the summary to sign, once every step is confirmed. */
  async requestSignature(principal: Principal, callId: string): Promise<ServiceStateView> {
    const actor = this.#actorIn(requirePermission(principal, 'service.drive'), callId);
    const now = this.deps.clock();
    const [current, head] = [await this.#flow(callId), await this.#headOf(callId)];
    await inTransaction(this.deps.db, async (trx) => {
      const service = this.deps.service.in(trx);
      const { state } = await service.lockedFlow(current, now);
      const { summaryHash, blockers } = serviceStateView(state, {
        ...(await this.#extras(state, service)),
        recordUrl: null,
      });
      if (!summaryHash) throw new AppError('invalid_state', 'every step is confirmed before signing');
      // The customer signs for who they were shown to be: never before the face check a
      // high-risk service rests on has passed (the teller's button says so too).
      const identity = blockers.filter(
        (b) => b === 'face_check_required' || b === 'face_reference_not_staff',
      );
      if (identity.length > 0) {
        const issues = identity.map((code) => ({ path: '', code, message: code.replace(/_/g, ' ') }));
        throw new AppError('signature_refused', 'the face check must pass before signing', issues);
      }
      await service.markSignatureRequested(callId, now);
      await this.#appendEvent(this.deps.events.in(trx), head, actor, now, 'service.signature_requested', {
        summaryHash,
      });
    });
    return this.#changed(callId);
  }

  /** The customer's signature: the PNG must be a PNG and the hash it claims. */
  async sign(
    principal: Principal,
    callId: string,
    input: { messageId: string; summaryHash: string; png: string; strokes: SignatureStroke[] },
  ) {
    // Who may sign this call is settled before the image is looked at.
    this.#actorIn(principal, callId);
    const png = Buffer.from(input.png.slice(input.png.indexOf(',') + 1), 'base64');
    if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) {
      throw new AppError('signature_rejected', 'the image is not a PNG', [
        { path: 'png', code: 'png_invalid', message: 'not a PNG' },
      ]);
    }
    // From the header: nothing decodes a PNG that declares more than a signature pad makes.
    checkDeclaredDimensions(png, SIGNATURE_LIMITS);
    const imageSha256 = createHash('sha256').update(png).digest('hex');
    const command: FlowCommand = {
      type: 'capture_signature',
      summaryHash: input.summaryHash,
      imageSha256,
      strokes: input.strokes,
    };
    return this.#apply(principal, callId, input.messageId, command, (service, state) => {
      const captured = state.signature!;
      const stored: StoredSignature = { ...captured, png, strokes: input.strokes };
      return service.saveSignature(callId, stored);
    });
  }

  /** The customer's rating, once per call, from the call's own customer. */
  async rate(principal: Principal, callId: string, score: number, comment: string): Promise<void> {
    const customer = requireCallPermission(
      asCustomer(principal, 'service.rate'),
      'service.rate',
      await this.#parties(callId),
    );
    // At the end: once the service is over, or the call is.
    const callOver = (await this.deps.calls.find(callId))?.endedAt != null;
    if (!callOver && (await this.#flow(callId)).status === 'in_progress')
      throw new AppError('invalid_state', 'the service is not over yet');
    const now = this.deps.clock();
    const head = await this.#headOf(callId);
    await inTransaction(this.deps.db, async (trx) => {
      if (!(await this.deps.service.in(trx).rate(callId, score, comment, now)))
        throw new AppError('conflict', 'this call is rated already');
      await this.#appendEvent(
        this.deps.events.in(trx),
        head,
        { role: 'customer', id: customer.ticketId },
        now,
        'service.rated',
        {
          score,
        },
      );
    });
  }

  /** An upload for the call's document field, from the call's customer or teller while it runs. */
  async uploadDocument(principal: Principal, callId: string, bytes: Buffer, fileName: string | undefined) {
    const actor = this.#actorIn(principal, callId);
    return storeDocument(this.deps, {
      callId,
      flow: await this.#flow(callId),
      actor,
      bytes,
      fileName,
    });
  }

  /**
   * The signed record's file for a reader; anyone else is refused, and the
   * attempt is logged and kept in the call's timeline.
   */
  async recordFile(principal: Principal, callId: string): Promise<string> {
    const who = principal.kind === 'customer' ? `ticket:${principal.ticketId}` : principal.user.id;
    const now = this.deps.clock();
    const known = (await this.deps.calls.find(callId)) !== undefined;
    if (!(await this.mayRead(principal, callId))) {
      this.deps.logger.warn({ callId, who }, 'record download refused');
      if (known)
        await this.#appendEvent(
          this.deps.events,
          await this.#headOf(callId),
          who,
          now,
          'record.access_denied',
          {},
        );
      throw new AppError('forbidden', 'not allowed to read this record');
    }
    let record = await this.deps.service.record(callId);
    if (!record && (await this.#recordAwaitsRecording(callId))) {
      if ((await this.deps.calls.find(callId))?.endedAt == null)
        throw new AppError('invalid_state', 'the record is signed when the call ends');
      record = await this.#signedRecord(callId, RECORD_WAIT_MS);
    }
    if (!record) throw new AppError('not_found', 'the call has no record yet');
    this.deps.logger.info({ callId, who }, 'record downloaded');
    await this.#appendEvent(this.deps.events, await this.#headOf(callId), who, now, 'record.downloaded', {});
    return record.file;
  }

  /** The actor a principal is in a call in progress; forbidden for anyone else. */
  #actorIn(principal: Principal, callId: string): FlowActor {
    this.deps.callRegistry.roomFor(principal, callId);
    return principal.kind === 'customer'
      ? { role: 'customer', id: principal.ticketId }
      : { role: 'teller', id: principal.user.id };
  }

  /** The call's flow as stored, or as it starts. */
  async #flow(callId: string): Promise<ServiceFlowState> {
    const stored = await this.deps.service.flow(callId);
    if (stored) return stored.state;
    const call = await this.deps.calls.find(callId);
    if (!call || !findService(call.serviceId)) throw new AppError('not_found', 'no such call');
    return startServiceFlow(callId, call.serviceId as ServiceId);
  }

  async #apply(
    principal: Principal,
    callId: string,
    messageId: string,
    command: FlowCommand,
    alsoStore?: (service: ServiceStore, state: ServiceFlowState) => Promise<void>,
  ): Promise<ServiceStateView> {
    const actor = this.#actorIn(principal, callId);
    const at = this.deps.clock();
    // What other features know is read before the transaction, which only this feature's store may use.
    const [current, head] = [await this.#flow(callId), await this.#headOf(callId)];
    // Where the customer is bears on the call's service, not on its state.
    await this.#checkLocation(current, command);
    // Read, applied and written in one transaction holding the flow: a message that
    // arrives meanwhile (from the other side, or on another node) is applied after it.
    const outcome = await inTransaction(this.deps.db, async (trx) => {
      const service = this.deps.service.in(trx);
      const { state: before } = await service.lockedFlow(current, at);
      if (command.type === 'submit_step') await this.#checkDocuments(service, before, command);
      // The face check comes from the call's events, never from what the teller sends.
      const faceCheck = command.type === 'complete' ? await passedFaceCheck(service, callId) : undefined;
      const sent: FlowCommand =
        command.type === 'complete' && faceCheck ? { type: 'complete', faceCheck } : command;
      const applied = applyFlowMessage(
        before,
        { messageId, actor, at, command: sent },
        { today: callDay(at) },
      );
      if (!applied.ok) throw new AppError(applied.error.code, applied.error.message, applied.error.issues);
      if (applied.replayed) return applied;
      await service.saveFlow(applied.state, at);
      await alsoStore?.(service, applied.state);
      const timeline = this.deps.events.in(trx);
      for (const event of applied.events) {
        await this.#appendEvent(timeline, head, event.actor, event.at, `service.${event.type}`, event.data);
      }
      return applied;
    });
    // After the commit: the record is signed outside any transaction.
    await this.#ensureRecord(outcome.state);
    return outcome.replayed ? this.#view(outcome.state) : this.#changed(callId);
  }

  /**
   * The location gate for a high-risk service: where the customer's country is
   * not allowed, the service does not move on; where no location was reported
   * at all, it does not complete.
   */
  async #checkLocation(state: ServiceFlowState, command: FlowCommand): Promise<void> {
    if (!ADVANCING.has(command.type)) return;
    const refusal = await this.deps.locationRefusal?.(state.callId, state.serviceId);
    if (refusal === 'country_not_allowed')
      throw new AppError(refusal, 'this service is not offered where the customer is');
    if (refusal === 'location_required' && command.type === 'complete')
      throw new AppError(refusal, 'the customer page has not reported its location');
  }

  /** A document value must be an upload made to this call: references cannot be made up. */
  async #checkDocuments(
    service: ServiceStore,
    state: ServiceFlowState,
    command: Extract<FlowCommand, { type: 'submit_step' }>,
  ): Promise<void> {
    const step = serviceOf(state).steps.find((s) => s.id === command.stepId);
    const values = (command.values ?? {}) as Record<string, unknown>;
    for (const field of step?.fields ?? []) {
      if (field.type !== 'document') continue;
      const parsed = documentReferenceSchema.safeParse(values[field.name]);
      if (parsed.success && !(await service.hasDocument(state.callId, parsed.data))) {
        throw new AppError('invalid_payload', 'unknown document', [
          { path: field.name, code: 'document_unknown', message: 'upload the document first' },
        ]);
      }
    }
  }

  /**
   * The call's recording is closed (manifest written, or given up on): a
   * service that ended before gets its record now, with the manifest's hash.
   */
  async recordingFinished(callId: string): Promise<void> {
    const stored = await this.deps.service.flow(callId);
    if (stored) await this.#ensureRecord(stored.state, { recordingOver: true });
    await this.#recordFaceAttemptsExhausted(callId);
  }

  /**
   * A service that needs a face check cannot complete once the call has used
   * up its attempts: when the call is over, its record is signed all the
   * same, saying it was not completed and why (the timeline shows the failed
   * checks and the attempts running out).
   */
  async #recordFaceAttemptsExhausted(callId: string): Promise<void> {
    if (await this.deps.service.record(callId)) return;
    if (!(await this.deps.service.latestEvent(callId, 'face.attempts.exhausted'))) return;
    const state = await this.#flow(callId);
    const service = serviceOf(state);
    if (state.status !== 'in_progress' || (service.risk !== 'high' && !service.requiresFaceCheck)) return;
    const { outcome, bytes } = await archiveServiceRecord(this.deps, state);
    this.deps.logger.info({ callId, outcome, bytes }, 'service record signed: not completed');
  }

  /**
   * Once per ended service; a retry of the ending message writes it if an
   * earlier try failed. Waits for the call's recording to close, if it has one.
   */
  async #ensureRecord(state: ServiceFlowState, { recordingOver = false } = {}): Promise<void> {
    if (state.status === 'in_progress' || (await this.deps.service.record(state.callId))) return;
    if (!recordingOver && (await this.deps.recordings.get(state.callId))?.status === 'recording') return;
    const { bytes } = await archiveServiceRecord(this.deps, state);
    const outcome = state.status;
    this.deps.logger.info({ callId: state.callId, outcome, bytes }, 'service record signed');
    this.emit('ended', state.callId, outcome, recordUrlOf(state.callId));
  }

  /** The service ended, and its record waits for the call's recording to close. */
  async #recordAwaitsRecording(callId: string): Promise<boolean> {
    const flow = await this.deps.service.flow(callId);
    return (
      flow !== undefined &&
      flow.state.status !== 'in_progress' &&
      !(await this.deps.service.record(callId)) &&
      (await this.deps.recordings.get(callId))?.status === 'recording'
    );
  }

  /** The record once it is signed, or undefined after `ms`. */
  #signedRecord(callId: string, ms: number): Promise<Awaited<ReturnType<ServiceStore['record']>>> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('ended', onEnded);
        resolve(this.deps.service.record(callId));
      };
      const onEnded = (endedCallId: string) => {
        if (endedCallId === callId) done();
      };
      const timer = setTimeout(done, ms);
      this.on('ended', onEnded);
    });
  }

  /** `actor` as the timeline names it: 'customer', a staff id, or who was refused. */
  #appendEvent<T extends CallEventType>(
    events: TimelineStore,
    head: TimelineHead,
    actor: FlowActor | string,
    at: number,
    type: T,
    data: CallEventData<T>,
  ) {
    const name = typeof actor === 'string' ? actor : actor.role === 'customer' ? 'customer' : actor.id;
    // Inside this feature's transactions `events` is the transaction's (`events.in(trx)`), never
    // the root handle: SQLite would wait for ever.
    return events.append({ ...head, at, actor: name, type, data });
  }

  /** The call and its ticket, as its timeline events name them; read before a transaction opens. */
  async #headOf(callId: string): Promise<TimelineHead> {
    return { callId, ticketId: (await this.deps.calls.find(callId))?.ticketId ?? null };
  }

  /**
   * A face check on the call was judged or decided: the completion gate may
   * have opened (or the attempts run out), so both pages get the state again.
   */
  async faceCheckChanged(callId: string): Promise<void> {
    const call = await this.deps.calls.find(callId);
    if (call?.endedAt != null || !call || !findService(call.serviceId)) return;
    await this.#changed(callId);
  }

  async #changed(callId: string): Promise<ServiceStateView> {
    const view = await this.#view(await this.#flow(callId));
    this.emit('changed', callId, view);
    return view;
  }

  /** What this feature's store adds to a flow's view, read through `service` (a transaction's, or the root store). */
  async #extras(state: ServiceFlowState, service: ServiceStore): Promise<Omit<ServiceExtras, 'recordUrl'>> {
    const { callId } = state;
    return {
      signatureRequested: (await service.flow(callId))?.signatureRequestedAt != null,
      signature: await service.signature(callId),
      faceCheck: await passedFaceCheck(service, callId),
      faceCheckFailed: await faceCheckFailed(service, callId),
      rated: await service.rated(callId),
    };
  }

  /** What both pages are shown of `state`. */
  async #view(state: ServiceFlowState): Promise<ServiceStateView> {
    const { callId } = state;
    const view = serviceStateView(state, {
      ...(await this.#extras(state, this.deps.service)),
      // Also while the record waits for the call to end: the download waits for it then.
      recordUrl:
        (await this.deps.service.record(callId)) || (await this.#recordAwaitsRecording(callId))
          ? recordUrlOf(callId)
          : null,
    });
    const refusal =
      state.status === 'in_progress' && (await this.deps.locationRefusal?.(state.callId, state.serviceId));
    return refusal ? { ...view, blockers: [...view.blockers, refusal] } : view;
  }
}
