import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import { client } from '../../client.ts';

/** Mattermost's limit of files on one post. */
export const MAX_FILES_PER_POST = 10;

export type UploadHandle = { done: Promise<FileInfo>; abort: () => void };

/** An upload that failed, with the server's message when it sent one. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Uploads one file to POST /files as Client4.uploadFile does (multipart: files, channel_id, client_ids), reporting
 * progress. This is the one request not made through Client4: fetch() cannot report upload progress, so it uses
 * XMLHttpRequest, with the headers Client4 would send (X-Requested-With, the CSRF token) taken from
 * client.getOptions(), and the session cookie.
 */
export function uploadFile(file: File, channelId: string, clientId: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileInfo>((resolve, reject) => {
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('client_ids', clientId);
    form.append('files', file, file.name);
    xhr.open('POST', client.getFilesRoute());
    xhr.withCredentials = true;
    const { headers } = client.getOptions({ method: 'post', body: form });
    for (const [name, value] of Object.entries((headers ?? {}) as Record<string, string>)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const info = (body as FileUploadResponse | undefined)?.file_infos?.[0];
        if (info) return resolve(info);
      }
      const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : xhr.statusText || String(xhr.status);
      reject(new UploadError(message, xhr.status));
    };
    xhr.onerror = () => reject(new UploadError(xhr.statusText || 'network error', 0));
    xhr.onabort = () => reject(new UploadError('aborted', -1));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
