import type { CallSide } from './monitor.js';
import { z } from 'zod';

// mediasoup validates the inner structure of these parameters itself; the
// contract checks their shape so that garbage never reaches a worker.
const looseObject = z.looseObject({});

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.object({ algorithm: z.string(), value: z.string() })).min(1),
});

export const rtpParametersSchema = z.looseObject({
  codecs: z.array(looseObject).min(1),
  headerExtensions: z.array(looseObject).optional(),
  encodings: z.array(looseObject).optional(),
  rtcp: looseObject.optional(),
  mid: z.string().optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(looseObject).optional(),
  headerExtensions: z.array(looseObject).optional(),
});

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

/**
 * What a producer carries beyond its participant's own camera and microphone
 * (those have no source): `screen`, a teller's shared screen or window. The
 * server keeps it in the producer's appData; pages, the recorder and the
 * timeline tell such a producer apart by it.
 */
export const producerSourceSchema = z.enum(['screen']);
export type ProducerSource = z.infer<typeof producerSourceSchema>;

export const transportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof transportDirectionSchema>;

export interface TransportOptionsView {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

export interface ConsumerView {
  consumerId: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: unknown;
}

export interface ProducerView {
  producerId: string;
  kind: MediaKind;
  paused: boolean;
  /** Absent for a participant's camera and microphone. */
  source?: ProducerSource;
  /** Whose it is; pages show a supervisor's media (whisper, barge) apart from the other side's. */
  side?: CallSide;
}
