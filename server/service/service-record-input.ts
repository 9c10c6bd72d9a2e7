import type { ServiceFlowState } from './rules/flow-types.js';
import { serviceOf } from './rules/step-commands.js';
import type { RecordCheck, RecordEvent, ServiceRecordInput } from './record/record-input.js';
import { recordStep } from './record/record-fields.js';
import path from 'node:path';
import { withoutBulk } from '../../shared/contracts/call-events.js';
import { MANIFEST_FILE, type RecordingRow, type RecordingStore } from '../recording/index.js';
import type { CallStore } from '../call/index.js';
import type { ServiceStore } from './service-store.js';
import type { TicketStore } from '../queue/index.js';
import type { UserStore } from '../identity/index.js';
import { passedFaceCheck } from '../face/index.js';

export interface RecordSources {
  calls: CallStore;
  tickets: TicketStore;
  users: UserStore;
  service: ServiceStore;
  recordings: RecordingStore;
}

function eventDetail(data: Record<string, unknown>): string | undefined {
  const kept = Object.entries(withoutBulk(data));
  return kept.length === 0 ? undefined : kept.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
}

/** The recording as the record names it: its manifest (`<day>/<call>/manifest.json`) and that file's SHA-256. */
function recordingOf(row: RecordingRow | undefined): ServiceRecordInput['recording'] {
  if (!row?.manifestSha256) return undefined;
  const manifest = path.join(
    path.basename(path.dirname(row.folder)),
    path.basename(row.folder),
    MANIFEST_FILE,
  );
  const interrupted = row.status === 'interrupted' ? ' (中断 interrupted)' : '';
  return { reference: `${manifest}${interrupted}`, manifestSha256: row.manifestSha256 };
}

/** Everything the record shows, gathered from the store once the service has ended. */
export function serviceRecordInput(sources: RecordSources, state: ServiceFlowState): ServiceRecordInput {
  const { calls, tickets, users, service: repo, recordings } = sources;
  const call = calls.find(state.callId)!;
  const ticket = tickets.find(call.ticketId)!;
  const service = serviceOf(state);
  const nameOf = (staffId: string) => users.findById(staffId)?.displayName ?? staffId;
  const signature = repo.signature(state.callId);
  const recording = recordingOf(recordings.get(state.callId));
  const face = passedFaceCheck(repo, state.callId);
  const endedAt = state.completedAt ?? state.steps.at(-1)?.submittedAt ?? call.startedAt;
  const checks: RecordCheck[] = face
    ? [
        {
          kind: 'face',
          label: { 'zh-CN': '人脸核验', en: 'Face check' },
          passed: true,
          at: repo.latestEvent(state.callId, 'face.check.passed')!.at,
          ...(face.score !== undefined ? { detail: `score ${face.score} threshold ${face.threshold}` } : {}),
        },
      ]
    : [];
  const events: RecordEvent[] = repo.events(state.callId).map((e) => {
    const detail = eventDetail(e.data);
    return { at: e.at, type: e.type, actor: e.actor, ...(detail ? { detail } : {}) };
  });
  return {
    callId: state.callId,
    service: { id: service.id, names: service.names, risk: service.risk },
    outcome: state.status === 'completed' ? 'completed' : 'withdrawn',
    startedAt: call.startedAt,
    endedAt,
    customer: { name: ticket.fullName, idNumber: ticket.idNumber },
    tellers: calls.tellersOf(state.callId).map((t) => ({
      name: nameOf(t.tellerId),
      staffId: t.tellerId,
      joinedAt: t.joinedAt,
      ...(t.leftAt === null ? {} : { leftAt: t.leftAt }),
    })),
    steps: state.steps.map((s) =>
      recordStep(service.steps.find((d) => d.id === s.stepId)!, {
        ...s,
        ...(s.confirmedBy ? { confirmedBy: nameOf(s.confirmedBy) } : {}),
      }),
    ),
    checks,
    ...(signature
      ? {
          signature: {
            png: signature.png,
            summaryHash: signature.summaryHash,
            capturedAt: signature.capturedAt,
          },
        }
      : {}),
    ...(recording ? { recording } : {}),
    events,
  };
}
