import express, { type NextFunction, type Request, type Response } from 'express';
import type { FaceReferenceView } from '../../shared/contracts/face-events.js';
import type { CallRegistry } from '../call/index.js';
import type { Principal } from '../identity/index.js';
import type { FaceReferences } from './face-references.js';
import type { StaffAuth } from '../identity/index.js';
import type { TokenSigner } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { DEFAULT_IMAGE_LIMITS } from './engine/image-limits.js';
import type { CallStore } from '../call/index.js';
import { staffOf } from '../identity/index.js';

export interface FaceRoutesDeps {
  callRegistry: CallRegistry;
  references: FaceReferences;
  calls: CallStore;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  clock: () => number;
}

/** Staff who may look at a call's reference photo besides the call's own tellers. */
const REVIEWERS = new Set(['supervisor', 'auditor']);

/**
 * Reference photos: the customer (ticket token) uploads one before or during
 * the call, the call's teller uploads one on file; only staff read it back.
 */
export function faceRoutes(deps: FaceRoutesDeps): express.Router {
  const router = express.Router();
  // The body is the image itself; its type is sniffed from the bytes, not taken from the header.
  const imageBody = express.raw({ type: () => true, limit: DEFAULT_IMAGE_LIMITS.maxBytes });

  const principalOf = (req: Request): Principal | undefined => {
    const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '');
    const ticket = deps.tokens.verify(bearer, 'ticket', deps.clock());
    if (ticket) return { kind: 'customer', ticketId: ticket.sub };
    const user = staffOf(req, deps.staffAuth);
    return user && { kind: 'staff', user };
  };
  const bodyOf = (req: Request): Uint8Array => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new AppError('image_type', 'no image sent');
    return new Uint8Array(req.body);
  };
  const reply = (res: Response, view: FaceReferenceView) => res.status(201).json(view);

  router.post('/tickets/:ticketId/reference-photo', imageBody, async (req, res) => {
    const principal = principalOf(req);
    if (principal?.kind !== 'customer') throw new AppError('unauthorized', 'the ticket token is required');
    if (principal.ticketId !== req.params.ticketId) throw new AppError('forbidden', 'not your ticket');
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
    const principal = principalOf(req);
    if (!principal) throw new AppError('unauthorized', 'not logged in');
    if (principal.kind === 'staff' && principal.user.role !== 'teller') {
      throw new AppError('forbidden', 'the call’s teller only');
    }
    const callId = req.params.callId!;
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
    const principal = principalOf(req);
    if (!principal) throw new AppError('unauthorized', 'not logged in');
    // Never back to the customer side: a stolen ticket token must not yield an ID photo.
    if (principal.kind === 'customer') throw new AppError('forbidden', 'staff only');
    const call = deps.calls.find(req.params.callId!);
    if (!call) throw new AppError('not_found', 'no such call');
    const wasTeller = deps.calls.tellersOf(call.id).some((t) => t.tellerId === principal.user.id);
    if (!REVIEWERS.has(principal.user.role) && !(principal.user.role === 'teller' && wasTeller)) {
      throw new AppError('forbidden', 'not a teller of this call');
    }
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
