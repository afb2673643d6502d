import { defineWidget } from '../types.js';
import Totals from './Totals.vue';

export default defineWidget({
  id: 'totals',
  titleKey: 'widgets.totals',
  component: Totals,
  defaultOptions: {},
  minSize: { w: 360, h: 220 },
});
