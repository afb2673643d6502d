import { defineWidget } from '../types.js';
import StatusCounts from './StatusCounts.vue';

export default defineWidget({
  id: 'status-counts',
  titleKey: 'widgets.statusCounts',
  component: StatusCounts,
  defaultOptions: {},
  minSize: { w: 360, h: 360 },
});
