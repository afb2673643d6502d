import GridProfile from './GridProfile.vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type GridProfileOptions = WidgetOptions<'grid-profile'>;

export default defineWidget<GridProfileOptions>({
  id: 'grid-profile',
  titleKey: 'profile.title',
  component: GridProfile,
  defaultOptions: {},
  minSize: { w: 380, h: 220 },
  defaultSize: { w: 470, h: 300 },
});
