import express, { type Request } from 'express';
import type { Logger } from 'pino';
import { requireCaller, type Callers } from '../identity/index.js';
import type { ServiceSessions } from './service-sessions.js';
import { AppError } from '../platform/errors.js';
import { UnreadablePdfError, verifyRecord } from './record/record-verifier.js';
import { serviceRequests } from '../../shared/contracts/service-events.js';
import { toFieldIssues } from '../../shared/contracts/errors.js';

const ratingSchema = serviceRequests['service:rate'].omit({ callId: true });

/** Uploads are checked by content; the limit only keeps the body bounded before that. */
const MAX_UPLOAD = '11mb';
const MAX_RECORD = '10mb';

function bodyBytes(req: Request, what: string): Buffer {
  if (!Buffer.isBuffer(req.body)) throw new AppError('invalid_payload', `send the ${what} as the raw body`);
  return req.body;
}

/** Document uploads, the signed record's download and its verification. */
export function serviceRoutes(deps: {
  serviceSessions: ServiceSessions;
  callers: Callers;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  // The customer by its ticket token, or staff; what each may do with the call, the service sessions check.
  const principalOf = (req: Request) => requireCaller(deps.callers.ofRequest(req, 'staff_or_ticket'));
  router.post(
    '/api/calls/:callId/documents',
    express.raw({ type: 'application/octet-stream', limit: MAX_UPLOAD }),
    (req, res) => {
      const fileName = req.get('x-file-name');
      const reference = deps.serviceSessions.uploadDocument(
        principalOf(req),
        req.params.callId!,
        bodyBytes(req, 'document'),
        fileName === undefined ? undefined : decodeURIComponent(fileName),
      );
      res.status(201).json(reference);
    },
  );
  // The same as the socket request: the customer's page may have lost its socket when the call ended.
  router.post('/api/calls/:callId/rating', (req, res) => {
    const parsed = ratingSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('invalid_payload', 'invalid rating', toFieldIssues(parsed.error));
    const { score, comment } = parsed.data;
    deps.serviceSessions.rate(principalOf(req), req.params.callId, score, comment ?? '');
    res.status(204).end();
  });
  router.get('/api/calls/:callId/record.pdf', async (req, res) => {
    const file = await deps.serviceSessions.recordFile(principalOf(req), req.params.callId!);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/pdf').sendFile(file, { dotfiles: 'allow' });
  });
  router.post(
    '/api/records/verify',
    express.raw({ type: 'application/pdf', limit: MAX_RECORD }),
    (req, res) => {
      try {
        res.json(verifyRecord(bodyBytes(req, 'PDF')));
      } catch (error) {
        if (error instanceof UnreadablePdfError) {
          throw new AppError('record_unreadable', 'the body is not a readable PDF');
        }
        throw error;
      }
    },
  );
  return router;
}
