import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { PNG } from 'pngjs';
import type { SignatureStroke } from '../../shared/domain/signature-strokes.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import type { ServiceId } from '../../shared/catalog/services.js';
import { request, type TestSocket } from './clients.js';
import { setUpCall, type ConnectedCall } from './call-setup.js';

export const messageId = (): string => randomUUID();

/** One HTTPS request with a binary body and a binary answer. */
export function binaryRequest(
  target: { url: string; ca: string },
  method: string,
  path: string,
  options: { body?: Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, target.url),
      { method, ca: target.ca, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const jsonOf = <T = Record<string, unknown>>(body: Buffer): T =>
  JSON.parse(body.toString('utf8')) as T;

/** A handwritten-looking zig-zag: enough points, extent and ink to pass as a signature. */
export function drawnStrokes(): SignatureStroke[] {
  const stroke = Array.from({ length: 30 }, (_, i) => ({
    x: 10 + i * 6,
    y: 40 + (i % 2 === 0 ? 0 : 30),
    t: i * 16,
  }));
  return [stroke];
}

/** A dot: refused as a signature. */
export const dotStrokes = (): SignatureStroke[] => [
  [
    { x: 5, y: 5, t: 0 },
    { x: 6, y: 5, t: 10 },
  ],
];

/** A small real PNG, as a data URL, standing in for the pad's image. */
export function signaturePng(): string {
  const png = new PNG({ width: 40, height: 20 });
  png.data.fill(255);
  for (let x = 0; x < 40; x++) png.data[(10 * 40 + x) * 4] = 0;
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** The teller pushes `stepId` and the customer submits `values`; the teller confirms. */
export async function runStep(
  call: { teller: TestSocket; customer: TestSocket; callId: string },
  stepId: string,
  values: unknown,
  presented?: unknown,
): Promise<ServiceStateView> {
  const { callId } = call;
  await request(call.teller, 'service:push', { callId, messageId: messageId(), stepId, presented });
  await request(call.customer, 'service:submit', { callId, messageId: messageId(), stepId, values });
  return request(call.teller, 'service:confirm', { callId, messageId: messageId(), stepId });
}

interface CallSockets {
  teller: TestSocket;
  customer: TestSocket;
  callId: string;
}

/** The teller asks for the signature and the customer signs the summary it was shown. */
export async function signSummary(call: CallSockets): Promise<ServiceStateView> {
  const { callId } = call;
  const { summaryHash } = await request(call.teller, 'service:requestSignature', { callId });
  return request(call.customer, 'service:sign', {
    callId,
    messageId: messageId(),
    summaryHash,
    png: signaturePng(),
    strokes: drawnStrokes(),
  });
}

/** A contact change from the first step to the signed record; answers the final state. */
export async function completeContactChange(call: CallSockets): Promise<ServiceStateView> {
  const values = EXAMPLE_VALUES['contact-change'];
  await runStep(call, 'policy', values.policy);
  await runStep(call, 'new-contact', values['new-contact']);
  await signSummary(call);
  return request(call.teller, 'service:complete', { callId: call.callId, messageId: messageId() });
}

/** A call for `serviceId` between a new customer and teller1; its sockets are pushed to `sockets` for closing. */
export async function serviceCall(
  server: { url: string; ca: string },
  serviceId: ServiceId,
  sockets: TestSocket[],
): Promise<ConnectedCall & { callId: string }> {
  const call = await setUpCall(server, 'teller1', { serviceId });
  sockets.push(call.customer, call.teller);
  return { ...call, callId: call.tellerCall.callId };
}
