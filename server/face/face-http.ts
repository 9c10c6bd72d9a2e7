import express from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { CallRegistry, CallStore } from '../call/index.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import type { FaceReferences } from './face-references.js';
import { callParties, requireCallPermission, requirePermission, type Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';
import { tooLargeAs } from '../platform/http/too-large.js';

export interface FaceRoutesDeps {
  callRegistry: CallRegistry;
  references: FaceReferences;
  calls: CallStore;
  callers: Callers;
  /** Every staff view of a customer's ID photo is written to the audit chain. */
  audit: AuditTrail;
}

/**
 * Reference photos: the customer (ticket token) uploads one before or during
 * the call, the call's teller uploads one on file; only staff read it back.
 */
export function faceRoutes(deps: FaceRoutesDeps): express.Router {
  const router = express.Router();
  // The body is the image itself; its type is sniffed from the bytes, not taken from the header.
  const imageOf = (body: Buffer | undefined): Uint8Array => {
    if (!body || body.length === 0) throw new AppError('image_type', 'no image sent');
    return new Uint8Array(body);
  };

  bindRoute(router, restRoutes.uploadTicketReferencePhoto, async ({ params, body }, req) => {
    const ticket = { ticketId: params.ticketId, tellerIds: [] };
    const principal = requireCallPermission(
      await deps.callers.ofRequest(req, 'ticket'),
      'face.reference.upload',
      ticket,
    );
    const call = deps.callRegistry.ofTicket(principal.ticketId);
    return deps.references.store({
      ticketId: principal.ticketId,
      callId: call?.callId ?? null,
      uploadedBy: 'customer',
      bytes: imageOf(body),
    });
  });

  bindRoute(router, restRoutes.uploadCallReferencePhoto, async ({ params, body }, req) => {
    const principal = requirePermission(
      await deps.callers.ofRequest(req, 'staff_or_ticket'),
      'face.reference.upload',
    );
    const { callId } = params;
    // Whether this call is the principal's, the call registry knows.
    deps.callRegistry.roomFor(principal, callId);
    const customer = deps.callRegistry.participantsOf(callId).find((p) => p.role === 'customer');
    if (customer?.role !== 'customer') throw new AppError('not_found', 'no such call in progress');
    return deps.references.store({
      ticketId: customer.ticketId,
      callId,
      uploadedBy: principal.kind === 'customer' ? 'customer' : principal.user.id,
      bytes: imageOf(body),
    });
  });

  bindRoute(router, restRoutes.putReferenceOnFile, async ({ params, body }, req) => {
    const principal = requirePermission(await deps.callers.ofRequest(req, 'staff'), 'face.reference.file');
    return deps.references.putOnFile({
      idType: params.idType,
      idNumber: params.idNumber,
      uploadedBy: principal.kind === 'staff' ? principal.user.id : 'api_key',
      bytes: imageOf(body),
    });
  });

  bindRoute(router, restRoutes.callReferencePhoto, {
    caller: async (req) =>
      requirePermission(await deps.callers.ofRequest(req, 'staff_or_ticket'), 'face.review'),
    handle: async ({ caller: principal, params }, _req, res) => {
      const call = await deps.calls.find(params.callId);
      if (!call) throw new AppError('not_found', 'no such call');
      requireCallPermission(
        principal,
        'face.review',
        callParties(call.ticketId, await deps.calls.tellersOf(call.id)),
      );
      const reference = await deps.references.current(call.ticketId);
      if (!reference) throw new AppError('not_found', 'no reference photo');
      if (principal.kind === 'staff') {
        await deps.audit.write(actorOf(principal.user), 'face.reference_viewed', call.id, {
          referenceId: reference.id,
        });
      }
      res
        .set('Cache-Control', 'no-store')
        .type(reference.mime)
        .send(await deps.references.read(reference));
    },
  });

  router.use(tooLargeAs('image_too_large', 'the photo is too large'));
  return router;
}
