import Totals from './Totals.vue';
import { defineWidget } from '../types.js';

export default defineWidget({
  id: 'totals',
  titleKey: 'widgets.totals',
  component: Totals,
  defaultOptions: {},
  minSize: { w: 360, h: 220 },
});
