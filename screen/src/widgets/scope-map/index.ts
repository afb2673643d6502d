import { defineAsyncComponent } from 'vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type ScopeMapOptions = WidgetOptions<'scope-map'>;

export default defineWidget<ScopeMapOptions>({
  id: 'scope-map',
  titleKey: 'scopeMap.title',
  component: defineAsyncComponent(() => import('./ScopeMap.vue')),
  defaultOptions: { measure: 'open' },
  minSize: { w: 480, h: 400 },
  defaultSize: { w: 952, h: 620 },
});
