import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';

export default defineWidget({
  id: 'status-counts',
  titleKey: 'widgets.statusCounts',
  component: defineAsyncComponent(() => import('./StatusCounts.vue')),
  defaultOptions: {},
  minSize: { w: 360, h: 360 },
});
