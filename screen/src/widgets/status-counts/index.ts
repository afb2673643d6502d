import StatusCounts from './StatusCounts.vue';
import { defineWidget } from '../types.js';

export default defineWidget({
  id: 'status-counts',
  titleKey: 'widgets.statusCounts',
  component: StatusCounts,
  defaultOptions: {},
  minSize: { w: 360, h: 360 },
});
