import { RequestError } from '../common/socket.js';

/** Sends a file's bytes as they are; the server judges the type from them, not from the name. */
export async function uploadDocument(callId: string, ticketToken: string, file: File): Promise<unknown> {
  const res = await fetch(`/api/calls/${encodeURIComponent(callId)}/documents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ticketToken}`,
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
    },
    body: file,
  });
  const body = (await res.json()) as { error?: { code: string; message: string; issues?: [] } };
  if (!res.ok) {
    const error = body.error ?? { code: 'internal', message: String(res.status) };
    throw new RequestError(error.code, error.message, error.issues ?? []);
  }
  return body;
}
