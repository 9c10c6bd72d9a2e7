import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { FaceEngine } from './engine/face-engine.js';
import { CallStore, type CallRegistry, type TimelineStore } from '../call/index.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { FaceStore } from './face-store.js';
import { DESCRIPTOR_MODEL } from './engine/descriptor-model.js';
import { cryptoRandom, FaceChecks, type FaceChecksDeps } from './face-checks.js';
import { FaceReferences, type FaceReferencesDeps } from './face-references.js';

export interface FaceFeature {
  references: FaceReferences;
  checks: FaceChecks;
  calls: CallStore;
  close(): Promise<void>;
}

/**
 * The face engine, reference photos and the face checks. The engine's worker
 * threads start on first use: each loads about 100 MB of models, which a
 * server (or a test) that never checks a face should not pay for.
 */
export async function createFaceFeature(deps: {
  config: Config;
  /** The shared query layer the face store reads and writes. */
  kysely: Kysely<Schema>;
  callRegistry: CallRegistry;
  clock: () => number;
  random?: (() => number) | undefined;
  logger: Logger;
  events: TimelineStore;
  customerIdOf: FaceReferencesDeps['customerIdOf'];
  staffName: FaceChecksDeps['staffName'];
  limitStore?: FaceReferencesDeps['limitStore'];
}): Promise<FaceFeature> {
  const { config, kysely, clock, events } = deps;
  let engine: FaceEngine | undefined;
  const engineOf = () => (engine ??= new FaceEngine({ workers: config.face.workers }));
  const faces = new FaceStore(kysely);
  const references = new FaceReferences({
    db: kysely,
    faces,
    events,
    engine: engineOf,
    dir: path.join(config.dataDir, 'faces'),
    clock,
    customerIdOf: deps.customerIdOf,
    limitStore: deps.limitStore,
  });
  const checks = new FaceChecks({
    callRegistry: deps.callRegistry,
    db: kysely,
    faces,
    events,
    engine: engineOf,
    referenceFor: (ticketId, callId) => references.forCheck(ticketId, callId),
    config: config.face,
    clock,
    random: deps.random ?? cryptoRandom,
    onError: (error) => deps.logger.error({ err: error }, 'face check failed'),
    staffName: deps.staffName,
  });
  // Face check: references stored before a descriptor model change are read again in the
  // background; the engine starts only when there are any.
  if ((await faces.outdatedDescriptors(DESCRIPTOR_MODEL.id)).length > 0) {
    references
      .enrolOutdatedAgain()
      .then((counts) => deps.logger.info(counts, 'face references enrolled again by the current model'))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'enrolling face references again failed'));
  }
  return {
    references,
    checks,
    calls: new CallStore(deps.kysely),
    close: async () => {
      checks.close();
      await engine?.close();
    },
  };
}
