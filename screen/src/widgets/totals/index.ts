import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';

export default defineWidget({
  id: 'totals',
  titleKey: 'widgets.totals',
  component: defineAsyncComponent(() => import('./Totals.vue')),
  defaultOptions: {},
  minSize: { w: 360, h: 220 },
});
