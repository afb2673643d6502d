import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';

export type ConferenceOptions = WidgetOptions<'conference'>;

export default defineWidget<ConferenceOptions>({
  id: 'conference',
  titleKey: 'widgets.conference',
  component: defineAsyncComponent(() => import('./ConferencePanel.vue')),
  defaultOptions: { tilesShown: 4 },
  minSize: { w: 360, h: 480 },
});
