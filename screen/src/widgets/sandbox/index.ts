import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';

export type SandboxOptions = WidgetOptions<'sandbox'>;

export default defineWidget<SandboxOptions>({
  id: 'sandbox',
  titleKey: 'widgets.sandbox',
  component: defineAsyncComponent(() => import('./SandboxWidget.vue')),
  defaultOptions: { mode: '3d', tourSeconds: 0, cameras: true, overlay: 'heatmap', buildings: 'height', devices: true },
  minSize: { w: 640, h: 480 },
});
