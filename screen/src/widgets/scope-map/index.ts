import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';
import ScopeMap from './ScopeMap.vue';

export type ScopeMapOptions = WidgetOptions<'scope-map'>;

export default defineWidget<ScopeMapOptions>({
  id: 'scope-map',
  titleKey: 'scopeMap.title',
  component: ScopeMap,
  defaultOptions: { measure: 'open' },
  minSize: { w: 480, h: 400 },
  defaultSize: { w: 952, h: 620 },
});
