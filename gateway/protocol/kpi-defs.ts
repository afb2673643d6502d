// The eleven assessment KPIs (监督考核指标) screens show, with their names: the same ids in the
// REST answers, the layouts' options and the bulletin. Zod-free, so the screen takes the values.
export interface KpiDefinition {
  id: string;
  zh: string;
  en: string;
  numerator: string;
  denominator: string;
}

export const KPIS = [
  { id: 'closureRate', zh: '结案率', en: 'Closure rate', numerator: 'closed', denominator: 'due to close' },
  {
    id: 'onTimeClosureRate',
    zh: '按期结案率',
    en: 'On-time closure rate',
    numerator: 'closed on time',
    denominator: 'due to close',
  },
  {
    id: 'onTimeClosureRateExSuspended',
    zh: '按期结案率（剔除缓办）',
    en: 'On-time closure rate, suspended cases excluded',
    numerator: 'closed on time, never suspended',
    denominator: 'due to close, never suspended',
  },
  {
    id: 'overdueClosureRate',
    zh: '超期结案率',
    en: 'Overdue closure rate',
    numerator: 'closed late',
    denominator: 'due to close',
  },
  { id: 'handlingRate', zh: '处置率', en: 'Handling rate', numerator: 'handled', denominator: 'due to handle' },
  {
    id: 'onTimeHandlingRate',
    zh: '按期处置率',
    en: 'On-time handling rate',
    numerator: 'handled on time',
    denominator: 'due to handle',
  },
  {
    id: 'accurateDispatchRate',
    zh: '准确派遣率',
    en: 'Accurate dispatch rate',
    numerator: 'dispatched and never returned',
    denominator: 'dispatched',
  },
  {
    id: 'onTimeDispatchRate',
    zh: '按期派遣率',
    en: 'On-time dispatch rate',
    numerator: 'dispatched within the limit',
    denominator: 'dispatched',
  },
  {
    id: 'onTimeFilingRate',
    zh: '按时立案率',
    en: 'On-time filing rate',
    numerator: 'filed within the limit',
    denominator: 'filed',
  },
  {
    id: 'validReportRate',
    zh: '有效上报率',
    en: 'Valid report rate',
    numerator: 'valid reports',
    denominator: 'reports decided (valid or invalid)',
  },
  { id: 'reworkRate', zh: '返工率', en: 'Rework rate', numerator: 'closed cases with rework', denominator: 'closed' },
] as const satisfies readonly KpiDefinition[];

export type KpiId = (typeof KPIS)[number]['id'];

export interface KpiValue {
  numerator: number;
  denominator: number;
  value: number | null;
}

export const KPI_IDS = KPIS.map((k) => k.id) as KpiId[];

/** What KPIs may be grouped by. */
export const KPI_GROUPINGS = ['district', 'street', 'community', 'grid', 'department', 'worker', 'category', 'none'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];
