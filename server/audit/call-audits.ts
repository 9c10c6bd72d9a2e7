import type { z } from 'zod';
import {
  callHasProblems,
  type auditDecisionSchema,
  type callSearchSchema,
  type AuditCallDetail,
  type AuditCallRow,
  type AuditDecisionView,
  type AuditVerifyResult,
} from '../../shared/contracts/auditor.js';
import type { StaffUser } from '../../shared/contracts/auth.js';
import { auditCallDetail } from './rules/audit-call-detail.js';
import { auditCallRow, dayWindow, maskSearchTerm } from './rules/audit-call-row.js';
import { AppError } from '../platform/errors.js';
import type { AuditCallStore } from './audit-calls-store.js';
import type { AuditDecisionStore } from './audit-decisions-store.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { RecordingFiles, RecordingStore } from '../recording/index.js';
import { recordUrlOf, type ServiceStore } from '../service/index.js';
import type { UserStore } from '../identity/index.js';
import { actorOf, type AuditTrail } from './audit-trail.js';
import { checkChain, checkRecord, checkRecordingFiles } from './call-verification.js';
import type { ChainVerifier } from './chain-verifier.js';

export interface CallAuditsDeps {
  db: Kysely<Schema>;
  calls: AuditCallStore;
  decisions: AuditDecisionStore;
  recordings: RecordingStore;
  /** The recordings' files where they are kept (folder or object storage), for re-hashing. */
  files: RecordingFiles;
  service: Pick<ServiceStore, 'record'>;
  users: UserStore;
  audit: AuditTrail;
  chainVerifier: ChainVerifier;
  clock: () => number;
  /** The institution's time zone: the search's calendar days are its days. */
  timeZone: string;
}

/**
 * The auditor's work on recorded calls: find them, open one, re-verify it,
 * decide on it. Opening, verifying and deciding are written to the audit chain.
 * Who may call what is the routes' business (staff roles).
 */
export class CallAudits {
  constructor(private readonly deps: CallAuditsDeps) {}

  /**
   * `q` as its contract parsed it (GET /api/audit/calls). Looking a customer up
   * is written to the chain, the term masked as the result rows mask it.
   */
  async search(user: StaffUser, q: z.output<typeof callSearchSchema>): Promise<AuditCallRow[]> {
    const { fromMs, toMs } = dayWindow(q.from, q.to, this.deps.timeZone);
    const text = (value: string | undefined) => (value ? value : null);
    const found = await this.deps.calls.search({
      fromMs,
      toMs,
      teller: text(q.teller),
      serviceId: text(q.serviceId),
      customer: text(q.customer),
      limit: q.limit,
    });
    const rows = found.map(auditCallRow);
    if (q.customer) {
      await this.deps.audit.write(actorOf(user), 'audit.customer_searched', null, {
        customer: maskSearchTerm(q.customer),
        results: rows.length,
      });
    }
    return rows;
  }

  async detail(user: StaffUser, callId: string): Promise<AuditCallDetail> {
    const facts = await this.#facts(callId);
    const recording = await this.deps.recordings.get(callId);
    // Where the recording is kept: the call's folder, or the bucket.
    const read = recording && (await this.deps.files.manifest(recording));
    const usernames = new Map((await this.deps.users.all()).map((u) => [u.id, u.username]));
    const detail = auditCallDetail({
      facts,
      recording,
      manifest: read?.status === 'ok' ? read.manifest : undefined,
      storedEvents: await this.deps.calls.events(callId),
      recordUrl: (await this.deps.service.record(callId)) ? recordUrlOf(callId) : null,
      staffName: (actor) => usernames.get(actor),
    });
    await this.deps.audit.write(actorOf(user), 'audit.call_opened', callId, {
      recordingStatus: detail.recordingStatus,
    });
    return detail;
  }

  /** Re-hashes the recording, checks the record's signature and walks the audit chain. */
  async verify(user: StaffUser, callId: string): Promise<AuditVerifyResult> {
    await this.#facts(callId);
    const recording = await this.deps.recordings.get(callId);
    const files = await checkRecordingFiles(recording, this.deps.files);
    const record = await checkRecord(
      await this.deps.service.record(callId),
      recording?.manifestSha256 ?? null,
    );
    // Walked before this check's own entry is written, as GET /api/audit/verify does.
    const chain = checkChain(await this.deps.chainVerifier.verify());
    // Nothing of the call to verify when it has neither a recording nor a record; the chain alone says nothing of it.
    const ok =
      files === null && record === null ? null : (files?.ok ?? true) && (record?.ok ?? true) && chain.ok;
    await this.deps.audit.write(actorOf(user), 'audit.call_verified', callId, {
      ok,
      files: files?.ok ?? null,
      mismatches: (files?.mismatches ?? []).map((m) => `${m.file}:${m.problem}`),
      record: record?.ok ?? null,
      chain: chain.ok,
      firstBroken: chain.firstBroken,
    });
    return { ok, files, record, chain };
  }

  /**
   * One decision per ended call; a second one is a conflict, never a change.
   * Approving a high-risk call with problems (not completed, face check not
   * passed, recording not whole) must be confirmed as such. The outcome the
   * auditor was shown is kept with the decision, the server's own when the
   * page sent none.
   */
  async decide(
    user: StaffUser,
    callId: string,
    input: z.output<typeof auditDecisionSchema>,
  ): Promise<AuditDecisionView> {
    const at = this.deps.clock();
    const { decision, comment, problemsConfirmed } = input;
    let seenOutcome = input.seenOutcome ?? null;
    // The decision and its chain entry commit together, or neither does.
    await inTransaction(this.deps.db, async (trx) => {
      const facts = await this.#facts(callId, trx);
      const row = auditCallRow(facts);
      if (row.endedAt === null) throw new AppError('invalid_state', 'the call is still in progress');
      if (facts.decision) throw new AppError('conflict', 'this call has been decided already');
      if (decision === 'approved' && row.highRisk && callHasProblems(row) && !problemsConfirmed)
        throw new AppError('invalid_state', 'approving this call with its problems must be confirmed');
      seenOutcome ??= row.outcome;
      const stored = await this.deps.decisions.in(trx).insert(callId, {
        decision,
        comment,
        decidedBy: user.id,
        at,
        seenOutcome,
      });
      if (!stored) throw new AppError('conflict', 'this call has been decided already');
      await this.deps.audit.in(trx).write(actorOf(user), 'audit.decided', callId, {
        decision,
        comment,
        problemsConfirmed,
        seenOutcome,
      });
    });
    return { decision, comment, by: user.username, at, seenOutcome };
  }

  async #facts(callId: string, trx?: Kysely<Schema>) {
    const facts = await (trx ? this.deps.calls.in(trx) : this.deps.calls).find(callId);
    if (!facts) throw new AppError('not_found', 'no such call');
    return facts;
  }
}
