import express, { type NextFunction, type Request, type Response } from 'express';
import type { FaceReferenceView } from '../../shared/contracts/face-events.js';
import type { CallRegistry } from '../call/index.js';
import type { FaceReferences } from './face-references.js';
import { callParties, requireCallPermission, requirePermission, type Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { DEFAULT_IMAGE_LIMITS } from './engine/image-limits.js';
import type { CallStore } from '../call/index.js';

export interface FaceRoutesDeps {
  callRegistry: CallRegistry;
  references: FaceReferences;
  calls: CallStore;
  callers: Callers;
}

/**
 * Reference photos: the customer (ticket token) uploads one before or during
 * the call, the call's teller uploads one on file; only staff read it back.
 */
export function faceRoutes(deps: FaceRoutesDeps): express.Router {
  const router = express.Router();
  // The body is the image itself; its type is sniffed from the bytes, not taken from the header.
  const imageBody = express.raw({ type: () => true, limit: DEFAULT_IMAGE_LIMITS.maxBytes });

  const bodyOf = (req: Request): Uint8Array => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new AppError('image_type', 'no image sent');
    return new Uint8Array(req.body);
  };
  const reply = (res: Response, view: FaceReferenceView) => res.status(201).json(view);

  router.post('/tickets/:ticketId/reference-photo', imageBody, async (req, res) => {
    const ticket = { ticketId: req.params.ticketId!, tellerIds: [] };
    const principal = requireCallPermission(
      deps.callers.ofRequest(req, 'ticket'),
      'face.reference.upload',
      ticket,
    );
    const call = deps.callRegistry.ofTicket(principal.ticketId);
    reply(
      res,
      await deps.references.store({
        ticketId: principal.ticketId,
        callId: call?.callId ?? null,
        uploadedBy: 'customer',
        bytes: bodyOf(req),
      }),
    );
  });

  router.post('/calls/:callId/reference-photo', imageBody, async (req, res) => {
    const principal = requirePermission(
      deps.callers.ofRequest(req, 'staff_or_ticket'),
      'face.reference.upload',
    );
    const callId = req.params.callId!;
    // Whether this call is the principal's, the call registry knows.
    deps.callRegistry.roomFor(principal, callId);
    const customer = deps.callRegistry.participantsOf(callId).find((p) => p.role === 'customer');
    if (customer?.role !== 'customer') throw new AppError('not_found', 'no such call in progress');
    reply(
      res,
      await deps.references.store({
        ticketId: customer.ticketId,
        callId,
        uploadedBy: principal.kind === 'customer' ? 'customer' : principal.user.id,
        bytes: bodyOf(req),
      }),
    );
  });

  router.get('/calls/:callId/reference-photo', (req, res) => {
    const principal = requirePermission(deps.callers.ofRequest(req, 'staff_or_ticket'), 'face.review');
    const call = deps.calls.find(req.params.callId!);
    if (!call) throw new AppError('not_found', 'no such call');
    requireCallPermission(
      principal,
      'face.review',
      callParties(call.ticketId, deps.calls.tellersOf(call.id)),
    );
    const reference = deps.references.latest(call.ticketId);
    if (!reference) throw new AppError('not_found', 'no reference photo');
    res.set('Cache-Control', 'no-store').type(reference.mime).send(deps.references.read(reference));
  });

  router.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const tooLarge = (error as { type?: string }).type === 'entity.too.large';
    next(tooLarge ? new AppError('image_too_large', 'the photo is too large') : error);
  });
  return router;
}
