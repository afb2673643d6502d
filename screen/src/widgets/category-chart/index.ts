import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';

export interface CategoryChartOptions {
  /** bar: the top categories; pie: shares by major class (first two digits) */
  kind: 'bar' | 'pie';
  top: number;
}

export default defineWidget<CategoryChartOptions>({
  id: 'category-chart',
  titleKey: 'widgets.categoryChart',
  component: defineAsyncComponent(() => import('./CategoryChart.vue')),
  defaultOptions: { kind: 'bar', top: 10 },
  minSize: { w: 400, h: 300 },
});
