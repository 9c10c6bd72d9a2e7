import { ApiError, readBody, toApiError } from './api.js';

/**
 * Posts an image as the request body. The server sniffs its type from the
 * bytes; the declared type is only a courtesy.
 */
export async function postImage<T>(path: string, image: Blob, token?: string): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': image.type || 'application/octet-stream',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: image });
  } catch {
    throw new ApiError(0, 'network', 'the server could not be reached');
  }
  const payload = await readBody(response);
  if (response.ok) return payload as T;
  throw toApiError(response.status, payload);
}
