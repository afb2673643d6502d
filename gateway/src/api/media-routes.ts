import path from 'node:path';
import { z } from 'zod';
import { MAX_MEDIA_BYTES, MEDIA_TYPES, MediaNameParam, MediaResponse } from '../../protocol/mobile.js';
import type { MediaStore } from '../db/media-store.js';
import { Errors } from '../errors.js';
import type { MediaFiles } from '../media/media-files.js';
import { sniffImage } from '../media/media-files.js';
import { readUpload } from '../media/read-upload.js';
import { RateLimiter } from '../ingest/rate-limiter.js';
import { defineRoute, type AnyRoute } from './route.js';

export interface MediaRouteDeps {
  files: MediaFiles;
  store: MediaStore;
  maxBytes?: number;
  /** uploads per second and user, in bursts of ten seconds' worth (default 2: twenty photos at once) */
  uploadsPerS?: number;
}

/** A file name as a phone sends it ("IMG_0001.jpg"); anything that walks a path is refused. */
function checkFilename(name: string): void {
  if (/[/\\\0]/.test(name) || name.split('.').every((p) => p === '') || name.includes('..')) {
    throw Errors.validation('body', [{ path: 'file.filename', message: `a file name without a path, not ${JSON.stringify(name)}` }]);
  }
}

/** Photos of cases: uploaded by content (JPEG, PNG, WebP), stored by hash, served by scope. */
export function mediaRoutes(d: MediaRouteDeps): AnyRoute[] {
  const maxBytes = d.maxBytes ?? MAX_MEDIA_BYTES;
  const accepted = Object.keys(MEDIA_TYPES).join(', ');
  // a phone sends a handful of photos at a time; a loop filling the disk is refused early
  const limiter = new RateLimiter();
  const uploadsPerS = d.uploadsPerS ?? 2;
  return [
    defineRoute({
      method: 'post',
      path: '/api/media',
      tag: 'mobile',
      summary: `Upload one image (multipart/form-data, field "file"; ${accepted} by content, at most ${maxBytes} bytes); answers its url, to put in a report's media or a transition's attachments`,
      auth: { kind: 'session', permission: 'media.upload' },
      documentBody: z.object({ file: z.string().describe('the image (binary)') }),
      documentBodyType: 'multipart/form-data',
      response: MediaResponse,
      refusals: ['VALIDATION_FAILED', 'BATCH_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED'],
      async handle({ req, user }) {
        const wait = limiter.take(user.username, 1, uploadsPerS);
        if (wait > 0) throw Errors.rateLimited(wait);
        const up = await readUpload(req, maxBytes);
        checkFilename(up.filename);
        const type = sniffImage(up.content);
        if (!type) throw Errors.validation('body', [{ path: 'file', message: `not an image: the content is not ${accepted} (${up.content.length} bytes)` }]);
        if (up.declaredType !== type) {
          throw Errors.unsupportedMedia(`the file was declared ${up.declaredType || 'without a type'} but its content is ${type}`, [
            { path: 'file.contentType', message: `declared ${up.declaredType || 'none'}, content is ${type}` },
          ]);
        }
        const name = await d.files.save(up.content, type);
        await d.store.record({ name, contentType: type, bytes: up.content.length, uploadedBy: user.username });
        return { url: `/api/media/${name}`, contentType: type, bytes: up.content.length };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/media/:name',
      tag: 'mobile',
      summary: 'An uploaded image: to its uploader, and to those whose scope holds a case it belongs to (a grid worker: their grid, and the cases dispatched to them)',
      auth: { kind: 'session', permission: 'media.read' },
      params: MediaNameParam,
      response: { file: 'image/*' },
      refusals: ['NOT_FOUND'],
      async handle({ params, user, res }) {
        const type = await d.store.readable(params.name, user);
        if (!type) throw Errors.notFound(`media ${params.name}`);
        res.set('cache-control', 'private, max-age=86400, immutable').type(type);
        // a record whose file is gone (a data dir restored without media/) is a 404, not a fault
        await new Promise<void>((resolve, reject) =>
          res.sendFile(path.basename(params.name), { root: d.files.dir }, (err) => (!err ? resolve() : reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? Errors.notFound(`media file ${params.name}`) : err))),
        );
      },
    }),
  ];
}
