import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { FaceEngine } from '../face/face-engine.js';
import { CallsRepo } from '../store/calls-repo.js';
import type { Db } from '../store/database.js';
import type { EventsRepo } from '../store/events-repo.js';
import { FaceRepo } from '../store/face-repo.js';
import type { CounterService } from './counter-service.js';
import { cryptoRandom, FaceCheckDesk } from './face-check-desk.js';
import { FaceReferences } from './face-references.js';

export interface FaceServices {
  references: FaceReferences;
  desk: FaceCheckDesk;
  calls: CallsRepo;
  close(): Promise<void>;
}

/**
 * The face engine, reference photos and the check desk. The engine's worker
 * threads start on first use: each loads about 100 MB of models, which a
 * server (or a test) that never checks a face should not pay for.
 */
export function createFaceServices(deps: {
  config: Config;
  db: Db;
  counter: CounterService;
  clock: () => number;
  random?: (() => number) | undefined;
  logger: Logger;
  events: EventsRepo;
}): FaceServices {
  const { config, db, clock, events } = deps;
  let engine: FaceEngine | undefined;
  const engineOf = () => (engine ??= new FaceEngine({ workers: config.face.workers }));
  const faces = new FaceRepo(db);
  const references = new FaceReferences({
    db,
    faces,
    events,
    engine: engineOf,
    dir: path.join(config.dataDir, 'faces'),
    clock,
  });
  const desk = new FaceCheckDesk({
    counter: deps.counter,
    db,
    faces,
    events,
    engine: engineOf,
    config: config.face,
    clock,
    random: deps.random ?? cryptoRandom,
    onError: (error) => deps.logger.error({ err: error }, 'face check failed'),
  });
  deps.counter.on('callEnded', ({ callId }) => desk.callEnded(callId));
  return {
    references,
    desk,
    calls: new CallsRepo(db),
    close: async () => {
      desk.close();
      await engine?.close();
    },
  };
}
