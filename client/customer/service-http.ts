import { RequestError } from '../common/socket.js';

/** POSTs with the ticket token; the server's error body becomes a RequestError with its issues. */
async function postWithTicket(path: string, ticketToken: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(path, {
    ...init,
    method: 'POST',
    headers: { authorization: `Bearer ${ticketToken}`, ...init.headers },
  });
  if (res.status === 204) return undefined;
  const body = (await res.json()) as { error?: { code: string; message: string; issues?: [] } };
  if (!res.ok) {
    const error = body.error ?? { code: 'internal', message: String(res.status) };
    throw new RequestError(error.code, error.message, error.issues ?? []);
  }
  return body;
}

/** Sends a file's bytes as they are; the server judges the type from them, not from the name. */
export function uploadDocument(callId: string, ticketToken: string, file: File): Promise<unknown> {
  return postWithTicket(`/api/calls/${encodeURIComponent(callId)}/documents`, ticketToken, {
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
}

/** The rating goes over HTTP: it still works after the call (and its socket) ended. */
export async function rateService(
  callId: string,
  ticketToken: string,
  rating: { score: number; comment?: string },
): Promise<void> {
  await postWithTicket(`/api/calls/${encodeURIComponent(callId)}/rating`, ticketToken, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rating),
  });
}
