import { defineAsyncComponent } from 'vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type TrendOptions = WidgetOptions<'trend'>;

export default defineWidget<TrendOptions>({
  id: 'trend',
  titleKey: 'trend.title',
  component: defineAsyncComponent(() => import('./Trend.vue')),
  defaultOptions: { days: 30 },
  minSize: { w: 360, h: 240 },
  defaultSize: { w: 470, h: 368 },
});
