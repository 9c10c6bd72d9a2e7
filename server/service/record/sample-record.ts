import { EXAMPLE_RETENTION_PRESENTED, EXAMPLE_VALUES } from '../../../shared/catalog/example-values.js';
import type { Label, StepDefinition } from '../../../shared/catalog/fields.js';
import { findService, SERVICES } from '../../../shared/catalog/services.js';
import type { SignatureStroke } from '../../../shared/domain/signature-strokes.js';
import { recordStep } from './record-fields.js';
import type { RecordLanguage, RecordStep, ServiceRecordInput } from './record-input.js';
import { recordTimeline, type TimelineEntry } from './record-timeline.js';

const T0 = Date.UTC(2025, 2, 14, 2, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;
const hash = (seed: string) => seed.repeat(64 / seed.length);
// The teller's photo of the customer, whose hash the identity-check section names.
const REFERENCE_SHA256 = '9c4e1f0b7a2d83e65f1c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e';

/** Pen strokes like a pad records them (CSS pixels, ms), so the sample needs no browser. */
export function sampleStrokes(): SignatureStroke[] {
  const wave = Array.from({ length: 160 }, (_, i) => ({
    x: 20 + i * 2,
    y: 60 + 35 * Math.sin(i / 9) * Math.cos(i / 23),
    t: i * 8,
  }));
  const underline = Array.from({ length: 40 }, (_, i) => ({
    x: 40 + i * 6,
    y: 104 + i * 0.3,
    t: 1500 + i * 8,
  }));
  return [wave, underline];
}

/** Every step of every service with its example values, in catalog order. */
function catalogSteps(): RecordStep[] {
  return SERVICES.flatMap((service) =>
    (service.steps as readonly StepDefinition[]).map((step, i) =>
      recordStep(step, {
        values: EXAMPLE_VALUES[service.id][step.id],
        ...(step.presentedFields ? { presented: EXAMPLE_RETENTION_PRESENTED } : {}),
        confirmedAt: at(120 + i * 90),
        confirmedBy: '李小红',
      }),
    ),
  );
}

const PEOPLE: Record<string, Label> = {
  customer: { 'zh-CN': '张三丰', en: '张三丰' },
  t1: { 'zh-CN': '李小红', en: '李小红' },
  t2: { 'zh-CN': '王大明', en: '王大明' },
  system: { 'zh-CN': '系统', en: 'System' },
};

/** A surrender's timeline as the server stores it: steps, a face check, a transfer, a move between nodes, the signature. */
function sampleEntries(): TimelineEntry[] {
  const e = (seconds: number, actor: string, type: string, data: Record<string, unknown> = {}) => ({
    at: at(seconds),
    actor,
    type,
    data,
  });
  const face = {
    checkId: 'fc-1',
    threshold: 0.58,
    reviewBand: 0.05,
    challenge: ['turn-left', 'turn-right'],
    referenceId: 'ref-1',
    referenceSource: 'teller',
    referenceUploadedBy: 't1',
    referenceSha256: REFERENCE_SHA256,
  };
  return [
    e(-300, 'customer', 'consent.recording', { notice: '2025-03-01' }),
    e(-290, 'customer', 'queue.joined', { serviceId: 'surrender', language: 'cmn', priority: 'elderly' }),
    e(0, 'system', 'call.started', { tellerId: 't1' }),
    e(30, 't1', 'service.step_pushed', { stepId: 'policy', index: 0 }),
    e(90, 'customer', 'service.step_submitted', { stepId: 'policy', values: {} }),
    e(120, 't1', 'service.step_confirmed', { stepId: 'policy' }),
    e(200, 't1', 'face.reference.stored', {
      referenceId: 'ref-1',
      sha256: REFERENCE_SHA256,
      score: 0.98,
      source: 'teller',
    }),
    e(230, 't1', 'face.check.started', {
      checkId: 'fc-1',
      challenge: ['turn-left', 'turn-right'],
      attempt: 1,
      remaining: 4,
    }),
    e(240, 'system', 'face.check.passed', {
      ...face,
      outcome: 'pass',
      distance: 0.32444500470589893,
      score: 0.32444500470589893,
      reasons: [],
      frameHashes: [hash('a1'), hash('b2'), hash('c3')],
    }),
    e(560, 't1', 'transfer.requested', {
      transferId: 'tr-1',
      target: { kind: 'teller', tellerId: 't2' },
      reason: '退保挽留需由理财经理办理',
    }),
    e(580, 'customer', 'transfer.consented', { transferId: 'tr-1' }),
    e(600, 'system', 'transfer.completed', { transferId: 'tr-1', fromTellerId: 't1', toTellerId: 't2' }),
    e(600, 'system', 'call.participant.left', { participant: 'teller:t1' }),
    // The serving node was stopped for maintenance: the call moved on to another.
    e(620, 'system', 'call.moved', { fromNode: 'node-1', toNode: 'node-2' }),
    e(640, 't2', 'service.step_pushed', { stepId: 'retention', index: 1, presented: {} }),
    e(700, 't2', 'service.step_correction_requested', { stepId: 'retention', message: '请再次确认退保决定' }),
    e(900, 'customer', 'service.step_submitted', { stepId: 'retention', values: {} }),
    e(920, 't2', 'service.step_confirmed', { stepId: 'retention' }),
    e(1000, 't2', 'service.step_pushed', { stepId: 'receiving-account', index: 2 }),
    e(1200, 'customer', 'service.step_submitted', { stepId: 'receiving-account', values: {} }),
    e(1300, 't2', 'service.step_confirmed', { stepId: 'receiving-account' }),
    e(1350, 't2', 'service.signature_requested', { summaryHash: hash('e3b0') }),
    e(1400, 'customer', 'service.signature_captured', {
      summaryHash: hash('e3b0'),
      imageSha256: hash('d4'),
      pointCount: 200,
      durationMs: 1820,
      capturedAt: at(1400),
    }),
    e(1450, 't2', 'service.completed', { serviceId: 'surrender' }),
    e(1480, 'customer', 'service.rated', { score: 5 }),
    e(1500, 'system', 'call.ended', { reason: 'teller_hung_up' }),
  ];
}

/**
 * Fixed demo data: a surrender handled by two tellers (a transfer), with a
 * face check, a signature and a recording. `steps` and `events` set the size
 * (the bench uses 10 and 50); `language` the timeline's.
 */
export function sampleRecordInput(
  size: { steps?: number; events?: number; language?: RecordLanguage } = {},
): ServiceRecordInput {
  const service = findService('surrender')!;
  const steps = size.steps === undefined ? undefined : catalogSteps().slice(0, size.steps);
  const entries = sampleEntries();
  const eventCount = size.events ?? entries.length;
  const timeline = recordTimeline(
    Array.from({ length: eventCount }, (_, i) => entries[i % entries.length]!),
    {
      serviceId: service.id,
      nameOf: (actor) => PEOPLE[actor.replace(/^teller:/, '')] ?? { 'zh-CN': '他人', en: 'Someone else' },
    },
  );
  return {
    callId: 'call-20250314-0001',
    institution: '示例银行 Example Bank',
    language: size.language ?? 'zh-CN',
    service: { id: service.id, names: service.names, risk: service.risk },
    outcome: 'completed',
    startedAt: at(0),
    endedAt: at(1500),
    customer: { name: '张三丰', idNumber: '11010519491231002X' },
    tellers: [
      { name: '李小红', staffId: 't1', joinedAt: at(0), leftAt: at(600) },
      { name: '王大明', staffId: 't2', joinedAt: at(600) },
    ],
    steps:
      steps ??
      service.steps.map((step, i) =>
        recordStep(step, {
          values: EXAMPLE_VALUES.surrender[step.id],
          ...(step.presentedFields ? { presented: EXAMPLE_RETENTION_PRESENTED } : {}),
          confirmedAt: at([120, 920, 1300][i] ?? 1300),
          confirmedBy: i === 0 ? '李小红' : '王大明',
        }),
      ),
    checks: [
      {
        kind: 'face',
        label: { 'zh-CN': '人脸核验', en: 'Face check' },
        passed: true,
        at: at(240),
        distance: 0.32444500470589893,
        threshold: 0.58,
        passiveSignals: { antispoof: 0.6712, liveness: 0.99 },
        reference: {
          source: 'teller',
          uploadedBy: { 'zh-CN': '李小红', en: '李小红' },
          sha256: REFERENCE_SHA256,
        },
      },
    ],
    signature: { strokes: sampleStrokes(), summaryHash: hash('e3b0'), capturedAt: at(1400) },
    recording: { reference: '2025-03-14/call-20250314-0001/manifest.json', manifestSha256: hash('9f') },
    events: timeline,
    timeZone: 'Asia/Shanghai',
  };
}
