import { defineWidget } from '../types.js';
import CategoryChart from './CategoryChart.vue';

export interface CategoryChartOptions {
  /** bar: the top categories; pie: shares by major class (first two digits) */
  kind: 'bar' | 'pie';
  top: number;
}

export default defineWidget<CategoryChartOptions>({
  id: 'category-chart',
  titleKey: 'widgets.categoryChart',
  component: CategoryChart,
  defaultOptions: { kind: 'bar', top: 10 },
  minSize: { w: 400, h: 300 },
});
