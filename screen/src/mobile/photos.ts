// Photos are resized on the phone before they are queued: a 12-megapixel camera shot becomes a
// JPEG of at most 1600 px on its long side (a few hundred kB), which uploads on a weak network.

export const MAX_SIDE = 1600;

export async function resizePhoto(file: Blob, maxSide = MAX_SIDE, quality = 0.8): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the photo'))), 'image/jpeg', quality));
}
