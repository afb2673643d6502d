import busboy from 'busboy';
import type { Request } from 'express';
import { Errors } from '../errors.js';

export interface Upload {
  filename: string;
  /** the type the client declared for the file part */
  declaredType: string;
  content: Buffer;
}

/**
 * Reads the one file (field `file`) of a multipart/form-data request, at most `maxBytes`:
 * the file name is taken as sent (a path in it is refused, never stripped and trusted), an
 * oversized file is refused without keeping more than the limit in memory.
 */
export function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    return Promise.reject(Errors.unsupportedMedia(`send multipart/form-data with the image in the field "file", not ${type || 'no content type'}`, [{ path: 'content-type', message: `expected multipart/form-data, got ${type || 'none'}` }]));
  }
  return new Promise<Upload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, preservePath: true, limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 } });
    } catch (err) {
      reject(Errors.validation('body', [{ path: '', message: `not a multipart body: ${(err as Error).message}` }]));
      return;
    }
    let upload: Upload | null = null;
    let failure: Error | null = null;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || failure) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        chunks.push(c);
      });
      stream.on('limit', () => {
        failure ??= Errors.tooLarge(`file: larger than the limit of ${maxBytes} bytes`);
        chunks.length = 0;
      });
      stream.on('close', () => {
        if (!failure) upload = { filename: info.filename ?? '', declaredType: (info.mimeType || '').toLowerCase(), content: Buffer.concat(chunks, size) };
      });
    });
    bb.on('error', (err: Error) => reject(Errors.validation('body', [{ path: '', message: `bad multipart body: ${err.message}` }])));
    bb.on('close', () => {
      if (failure) reject(failure);
      else if (!upload) reject(Errors.validation('body', [{ path: 'file', message: 'no file in the field "file"' }]));
      else resolve(upload);
    });
    req.pipe(bb);
  });
}
