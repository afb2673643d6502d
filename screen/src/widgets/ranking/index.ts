import Ranking from './Ranking.vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type RankingOptions = WidgetOptions<'ranking'>;

export default defineWidget<RankingOptions>({
  id: 'ranking',
  titleKey: 'ranking.title',
  component: Ranking,
  defaultOptions: { by: 'auto', kpi: 'onTimeClosureRate', order: 'desc', period: '30d', rows: 10 },
  minSize: { w: 360, h: 300 },
  defaultSize: { w: 440, h: 420 },
});
