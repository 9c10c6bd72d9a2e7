import express, { type Request } from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import { requireCaller, type Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';
import { tooLargeAs } from '../platform/http/too-large.js';
import type { CallChats } from './call-chats.js';

/** The `X-File-Name` header, percent-encoded by the page; one that does not decode is refused. */
function fileNameOf(req: Request): string | undefined {
  const header = req.get('x-file-name');
  if (header === undefined) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw new AppError('invalid_payload', 'X-File-Name is not percent-encoded UTF-8');
  }
}

/**
 * Chat files: a call's participant sends one (its bytes as the body), and the
 * call's participants and auditors fetch one. Every staff fetch, or refusal,
 * is an audit chain entry, as recording files are.
 */
export function chatRoutes(deps: { chats: CallChats; callers: Callers; audit: AuditTrail }): express.Router {
  const router = express.Router();
  const principalOf = (req: Request) => requireCaller(deps.callers.ofRequest(req, 'staff_or_ticket'));

  bindRoute(router, restRoutes.sendChatFile, ({ params, body }, req) => {
    if (!body) throw new AppError('invalid_payload', 'send the file as the raw body');
    return deps.chats.sendFile(principalOf(req), params.callId, body, fileNameOf(req));
  });

  bindRoute(router, restRoutes.chatFile, async ({ params }, req, res) => {
    const principal = principalOf(req);
    const { callId, fileId } = params;
    let found;
    try {
      found = await deps.chats.file(principal, callId, fileId);
    } catch (error) {
      if (principal.kind === 'staff' && error instanceof AppError && error.code === 'forbidden')
        deps.audit.write(actorOf(principal.user), 'chat.file_access_denied', callId, { fileId });
      throw error;
    }
    if (principal.kind === 'staff')
      deps.audit.write(actorOf(principal.user), 'chat.file_accessed', callId, {
        fileId,
        sha256: found.file.sha256,
      });
    const name = found.file.fileName ?? `${fileId}`;
    // Always a download: a PDF or image sent by the other side is never rendered in the app's origin.
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(found.file.mediaType).sendFile(found.path, { dotfiles: 'allow' });
  });

  router.use(tooLargeAs('chat_file_too_large', 'the file is too large'));
  return router;
}
