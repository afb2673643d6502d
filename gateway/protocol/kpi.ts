// The KPIs' schemas for the contract; the definitions themselves are in kpi-defs.ts (zod-free).
import { z } from 'zod';
import { KPI_IDS, type KpiId } from './kpi-defs.js';

export * from './kpi-defs.js';

export const KpiIdSchema = z.enum(KPI_IDS as [KpiId, ...KpiId[]]);

export const KpiValueSchema = z.object({ numerator: z.number().int(), denominator: z.number().int(), value: z.number().nullable() });
