import KpiBoard from './KpiBoard.vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { KPI_IDS } from '../../../../gateway/protocol/kpi-defs.js';
import { defineWidget } from '../types.js';

export type KpiBoardOptions = WidgetOptions<'kpi-board'>;

export default defineWidget<KpiBoardOptions>({
  id: 'kpi-board',
  titleKey: 'kpiBoard.title',
  component: KpiBoard,
  defaultOptions: { period: '30d', kpis: [...KPI_IDS] },
  minSize: { w: 340, h: 360 },
  defaultSize: { w: 440, h: 520 },
});
