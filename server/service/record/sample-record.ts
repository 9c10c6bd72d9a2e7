import { PNG } from 'pngjs';
import { EXAMPLE_RETENTION_PRESENTED, EXAMPLE_VALUES } from '../../../shared/catalog/example-values.js';
import type { StepDefinition } from '../../../shared/catalog/fields.js';
import { findService, SERVICES } from '../../../shared/catalog/services.js';
import { recordStep } from './record-fields.js';
import type { RecordStep, ServiceRecordInput } from './record-input.js';

const T0 = Date.UTC(2025, 2, 14, 2, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;

/** A signature-like stroke on white, so the sample needs no browser canvas. */
export function samplePng(width = 360, height = 120): Uint8Array {
  const png = new PNG({ width, height, colorType: 6 });
  png.data.fill(0xff);
  for (let x = 20; x < width - 20; x++) {
    const y = Math.round(height / 2 + (height / 3) * Math.sin(x / 18) * Math.cos(x / 47));
    for (let dy = -1; dy <= 1; dy++)
      png.data.fill(0x20, ((y + dy) * width + x) * 4, ((y + dy) * width + x) * 4 + 3);
  }
  return PNG.sync.write(png);
}

/** Every step of every service with its example values, in catalog order. */
function catalogSteps(): RecordStep[] {
  return SERVICES.flatMap((service) =>
    (service.steps as readonly StepDefinition[]).map((step, i) =>
      recordStep(step, {
        values: EXAMPLE_VALUES[service.id][step.id],
        ...(step.presentedFields ? { presented: EXAMPLE_RETENTION_PRESENTED } : {}),
        confirmedAt: at(120 + i * 90),
        confirmedBy: 'teller1',
      }),
    ),
  );
}

/**
 * Fixed demo data: a surrender handled by two tellers (a transfer), with a
 * face check, a signature and a recording. `steps` and `events` set the size
 * (the bench uses 10 and 50).
 */
export function sampleRecordInput(size: { steps?: number; events?: number } = {}): ServiceRecordInput {
  const service = findService('surrender')!;
  const steps = size.steps === undefined ? undefined : catalogSteps().slice(0, size.steps);
  const eventCount = size.events ?? 12;
  return {
    callId: 'call-20250314-0001',
    service: { id: service.id, names: service.names, risk: service.risk },
    outcome: 'completed',
    startedAt: at(0),
    endedAt: at(1500),
    customer: { name: '张三丰', idNumber: '11010519491231002X' },
    tellers: [
      { name: '李小红', staffId: 'teller1', joinedAt: at(10), leftAt: at(600) },
      { name: '王大明', staffId: 'teller2', joinedAt: at(600) },
    ],
    steps:
      steps ??
      service.steps.map((step, i) =>
        recordStep(step, {
          values: EXAMPLE_VALUES.surrender[step.id],
          ...(step.presentedFields ? { presented: EXAMPLE_RETENTION_PRESENTED } : {}),
          confirmedAt: at(120 + i * 200),
          confirmedBy: i === 0 ? 'teller1' : 'teller2',
        }),
      ),
    checks: [
      {
        kind: 'face',
        label: { 'zh-CN': '人脸核验', en: 'Face check' },
        passed: true,
        at: at(900),
        detail: 'score 0.91 ≥ 0.60, liveness: blink, turn left',
      },
    ],
    signature: {
      png: samplePng(),
      summaryHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      capturedAt: at(1400),
    },
    recording: { reference: 'recordings/call-20250314-0001/manifest.json', manifestSha256: '9f'.repeat(32) },
    events: Array.from({ length: eventCount }, (_, i) => ({
      at: at(10 + i * 25),
      type: ['step_pushed', 'step_submitted', 'step_confirmed', 'chat_message', 'face_check'][i % 5]!,
      actor: i % 3 === 1 ? 'customer 张三丰' : 'teller 李小红',
      detail: i % 5 === 3 ? '请出示身份证原件 Please show your ID card' : `#${i + 1}`,
    })),
  };
}
