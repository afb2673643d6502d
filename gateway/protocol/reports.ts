import { z } from 'zod';

/** GET /api/reports/bulletin: the monthly assessment bulletin (月度考核通报) of an area. */
export const BulletinQuery = z.strictObject({
  area: z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits').optional().describe('an area inside the caller’s scope (default: the scope)'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2026-11')
    .optional()
    .describe('YYYY-MM (default: last month); the month under way is counted to the end of today'),
  format: z.enum(['html', 'xlsx']).default('html').describe('a print-ready A4 page, or an Excel workbook (sheets 通报, 区域排名, 部门排名, 指标说明)'),
});
export type BulletinQuery = z.infer<typeof BulletinQuery>;
