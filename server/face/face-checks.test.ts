import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { storedTicket } from '../../test/support/face-rows.js';
import type { CallRegistry, TimelineStore } from '../call/index.js';
import type { FaceEngine } from './engine/face-engine.js';
import { FaceChecks } from './face-checks.js';
import { FaceStore, type FaceReference } from './face-store.js';

const databases = databasesPerTest();
const teller = { id: 'teller-1', username: 'teller1', displayName: 'Teller One', role: 'teller' as const };
const opened: FaceChecks[] = [];
afterEach(() => opened.splice(0).forEach((checks) => checks.close()));

/**
 * Checks over a real database, on a call the registry says teller-1 serves, whose
 * reference arrives when the test lets it: a start waits there, as on a loaded database.
 */
async function setup(dialect: (typeof DIALECTS)[number]) {
  const { kysely } = await databases.open(dialect);
  await storedTicket(kysely, { ticketId: 't-1', idNumber: '110101199001011234', callId: 'c-1' });
  const faces = new FaceStore(kysely);
  const reference: FaceReference = {
    id: 'r-1',
    ticketId: 't-1',
    callId: 'c-1',
    uploadedBy: 'teller-1',
    source: 'teller',
    file: '',
    mime: 'image/png',
    sha256: 'a'.repeat(64),
    descriptor: Float32Array.of(0.5, 0.25),
    descriptorModel: 'model',
    storedAt: 2_500,
  };
  await faces.insertReference(reference, Uint8Array.of(1));
  // The reference arrives once the test calls release(): starts wait for it meanwhile.
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const events: string[] = [];
  const checks = new FaceChecks({
    callRegistry: {
      roomFor: () => ({}),
      participantsOf: () => [{ role: 'customer', ticketId: 't-1' }],
    } as unknown as CallRegistry,
    db: kysely,
    faces,
    events: (() => {
      // The timeline, faked: any unit of work's view of it records the event's type.
      const timeline = {
        append: (event: { type: string }) => void events.push(event.type),
        in: () => timeline,
      };
      return timeline as unknown as TimelineStore;
    })(),
    engine: () => ({}) as FaceEngine,
    referenceFor: () => released.then(() => reference),
    config: { workers: 1, matchThreshold: 0.5, reviewBand: 0.05, maxAttempts: 5 },
    clock: () => 3_000,
    random: () => 0.5,
    onError: (error) => {
      throw error;
    },
    staffName: () => 'Teller One',
  });
  checks.customerSocket = () => 'socket-1';
  opened.push(checks);
  const storedChecks = () => kysely.selectFrom('face_checks').select('id').execute();
  return { checks, events, storedChecks, release };
}

describe.each(DIALECTS)('starting a face check, on %s', (dialect) => {
  it('refuses a second start while the first is being set up, and gives no check to a call that ended meanwhile', async () => {
    const { checks, events, storedChecks, release } = await setup(dialect);
    const first = checks.start(teller, 'c-1');
    await expect(checks.start(teller, 'c-1')).rejects.toMatchObject({ code: 'invalid_state' });
    checks.callEnded('c-1');
    release();
    await expect(first).rejects.toMatchObject({ code: 'not_found' });
    expect(await storedChecks()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('stores the started check with its event, and refuses another while it runs', async () => {
    const { checks, events, storedChecks, release } = await setup(dialect);
    const started = checks.start(teller, 'c-1');
    release();
    const progress = await started;
    expect(progress).toMatchObject({ callId: 'c-1', status: 'capturing', framesAdmitted: 0 });
    expect(await storedChecks()).toEqual([{ id: progress.checkId }]);
    expect(events).toEqual(['face.check.started']);
    await expect(checks.start(teller, 'c-1')).rejects.toMatchObject({ code: 'invalid_state' });
  });
});
