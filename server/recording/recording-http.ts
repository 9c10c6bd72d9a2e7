import { pipeline } from 'node:stream/promises';
import express, { type Request } from 'express';
import type { Logger } from 'pino';
import type { StaffUser } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { JsonValue } from '../../shared/domain/canonical-json.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import type { LocatedRecordingFile, RecordingFiles } from './recording-files.js';
import { asStaff, can, type Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';

/**
 * The one byte range to send: undefined for the whole file (no Range, a
 * malformed one, or several, which a player never asks for and RFC 9110 lets
 * a server answer whole), or 'unsatisfiable' when it lies outside the file.
 */
function requestedRange(
  req: Request,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const ranges = req.range(size, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === undefined || ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1)
    return undefined;
  return { start: ranges[0]!.start, end: ranges[0]!.end };
}

/**
 * `GET /api/recordings/:callId/<file>`: a file the call's manifest lists, to
 * auditors and supervisors, with byte ranges so players can seek. Every
 * request of a logged-in staff member is one audit chain entry, refusals
 * included: players ask for a file a few times per viewing (the first bytes,
 * then once per seek), so each range request stays in the chain and shows
 * which part of a recording was seen, with no state to lose in a restart.
 */
export function recordingRoutes(deps: {
  files: RecordingFiles;
  audit: AuditTrail;
  callers: Callers;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  bindRoute(router, restRoutes.recordingFile, async ({ params }, req, res) => {
    const { callId } = params;
    const file = params.file.join('/');
    const caller = await deps.callers.ofRequest(req, 'staff');
    const requested = req.get('range') ?? null;
    const log = (
      by: StaffUser,
      action: 'recording.accessed' | 'recording.access_denied',
      outcome: { [key: string]: JsonValue },
    ) => deps.audit.write(actorOf(by), action, callId, { file, range: requested, ...outcome });
    if (!caller) deps.logger.warn({ callId, file, ip: req.ip }, 'recording refused: not logged in');
    else if (!can(caller, 'recording.read'))
      await log(caller.user, 'recording.access_denied', { role: caller.user.role });
    const user = asStaff(caller, 'recording.read');
    let located: LocatedRecordingFile;
    try {
      located = await deps.files.locate(callId, file);
    } catch (error) {
      if (error instanceof AppError)
        await log(user, 'recording.accessed', { status: 'refused', code: error.code });
      throw error;
    }
    const { size } = located;
    const range = requestedRange(req, size);
    res.setHeader('Accept-Ranges', 'bytes');
    // Recordings of customers stay out of shared caches and the browser's disk cache.
    res.setHeader('Cache-Control', 'private, no-store');
    if (range === 'unsatisfiable') {
      await log(user, 'recording.accessed', { status: 416, size });
      res.setHeader('Content-Range', `bytes */${size}`);
      throw new AppError('range_not_satisfiable', `the file has ${size} bytes`);
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    await log(user, 'recording.accessed', { status: range ? 206 : 200, served: `${start}-${end}/${size}` });
    res.status(range ? 206 : 200).type(located.contentType);
    if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
    if (req.method === 'HEAD' || size === 0) return void res.end();
    // A player drops a request when it seeks; the stream then ends early, which is no error.
    // In object storage the range is read from the bucket by the server: every byte still passes the audit above.
    await pipeline(await located.read(start, end), res).catch(() => res.destroy());
  });
  return router;
}
