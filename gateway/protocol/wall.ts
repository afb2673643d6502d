// Spliced walls: several windows showing one layout, each a tile of rows × cols. Windows of the
// same wall id and user share page, selection and drill-down through the gateway (`wall`
// messages both ways), so the wall behaves as one screen.
import { z } from 'zod';

export const WallAuth = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
    rows: z.number().int().min(1).max(16),
    cols: z.number().int().min(1).max(16),
    /** [row, col], from 0 */
    tile: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
  })
  .strict()
  .refine((w) => w.tile[0] < w.rows && w.tile[1] < w.cols, { message: 'tile must lie inside rows × cols', path: ['tile'] });
export type WallAuth = z.infer<typeof WallAuth>;

const code = z.string().max(64).nullable();

/** What the windows of a wall share; every message carries the whole state, the newest wins. */
export const WallState = z
  .object({
    /** the layout's page shown */
    page: z.number().int().min(0).max(100),
    selection: z.object({ area: code, category: code, eventId: code }).strict(),
    /** the drill-down: the scope shown (null: the user's own) */
    scope: z.string().regex(/^\d{4,15}$/).nullable(),
    /** which tile sent it ("r,c"), so a window can tell its own state coming back */
    from: z.string().max(16),
  })
  .strict();
export type WallState = z.infer<typeof WallState>;
