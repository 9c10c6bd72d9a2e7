import express, { type Request } from 'express';
import type { Logger } from 'pino';
import { requireCaller, requirePermission, type Callers } from '../identity/index.js';
import type { ServiceSessions } from './service-sessions.js';
import { AppError } from '../platform/errors.js';
import type { RecordTrust } from './record/record-trust.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { bindRoute } from '../platform/http/route-binder.js';

function bodyBytes(body: Buffer | undefined, what: string): Buffer {
  if (!body) throw new AppError('invalid_payload', `send the ${what} as the raw body`);
  return body;
}

/** Document uploads, the signed record's download and its verification. */
export function serviceRoutes(deps: {
  serviceSessions: ServiceSessions;
  callers: Callers;
  recordTrust: RecordTrust;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  // The customer by its ticket token, or staff; what each may do with the call, the service sessions check.
  const principalOf = (req: Request) => requireCaller(deps.callers.ofRequest(req, 'staff_or_ticket'));
  bindRoute(router, restRoutes.uploadDocument, ({ params, body }, req) => {
    const fileName = req.get('x-file-name');
    return deps.serviceSessions.uploadDocument(
      principalOf(req),
      params.callId,
      bodyBytes(body, 'document'),
      fileName === undefined ? undefined : decodedFileName(fileName),
    );
  });
  bindRoute(router, restRoutes.rateCall, async ({ params, body }, req) => {
    await deps.serviceSessions.rate(principalOf(req), params.callId, body.score, body.comment ?? '');
  });
  bindRoute(router, restRoutes.recordPdf, async ({ params }, req, res) => {
    const file = await deps.serviceSessions.recordFile(principalOf(req), params.callId);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/pdf').sendFile(file, { dotfiles: 'allow' });
  });
  // One verdict, trusted && intact: staff, or an institution's system whose API key has the records.verify scope.
  bindRoute(router, restRoutes.verifyRecord, {
    caller: (req) => requirePermission(deps.callers.ofRequest(req, 'staff_or_api_key'), 'record.verify'),
    handle: ({ body }) => deps.recordTrust.verify(bodyBytes(body, 'PDF')),
  });
  return router;
}

/** The `X-File-Name` header, percent-encoded by the page; one that does not decode is refused. */
function decodedFileName(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    throw new AppError('invalid_payload', 'X-File-Name is not percent-encoded UTF-8');
  }
}
