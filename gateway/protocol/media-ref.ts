import { z } from 'zod';

/** A stored upload's path: `/api/media/<sha-256 of its content>.<ext>`. */
export const MEDIA_PATH = /^\/api\/media\/[0-9a-f]{64}\.(jpg|png|webp)$/;

/** A photo a case refers to: an absolute URL, or an upload of this gateway (`POST /api/media`). */
export const MediaRef = z.union([z.url().max(2000), z.string().regex(MEDIA_PATH, 'a URL, or a path /api/media/<sha-256>.<jpg|png|webp> from POST /api/media')]);
