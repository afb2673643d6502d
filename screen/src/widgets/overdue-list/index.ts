import OverdueList from './OverdueList.vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type OverdueListOptions = WidgetOptions<'overdue-list'>;

export default defineWidget<OverdueListOptions>({
  id: 'overdue-list',
  titleKey: 'overdue.title',
  component: OverdueList,
  defaultOptions: { rows: 20 },
  minSize: { w: 360, h: 200 },
  defaultSize: { w: 440, h: 300 },
});
