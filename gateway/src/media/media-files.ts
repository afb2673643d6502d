import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MEDIA_TYPES } from '../../protocol/mobile.js';

export type MediaType = keyof typeof MEDIA_TYPES;

/** The image type of a file by its first bytes (JPEG, PNG, WebP), whatever its name or declared type says. */
export function sniffImage(head: Uint8Array): MediaType | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}

/**
 * Uploaded images under `<data dir>/media`, named by the SHA-256 of their content: the same
 * photo sent twice (an offline phone retrying) is one file. Written to a temporary name and
 * renamed, so a crash never leaves half a file under a real name.
 */
export class MediaFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'media');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  async save(content: Buffer, type: MediaType): Promise<string> {
    const name = `${crypto.createHash('sha256').update(content).digest('hex')}.${MEDIA_TYPES[type]}`;
    const file = path.join(this.dir, name);
    if (!fs.existsSync(file)) {
      const tmp = path.join(this.dir, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
      await fs.promises.writeFile(tmp, content);
      await fs.promises.rename(tmp, file);
    }
    return name;
  }

  /** The file of a stored name (names are checked against `<hex>.<ext>` before they get here). */
  file(name: string): string {
    return path.join(this.dir, path.basename(name));
  }
}
