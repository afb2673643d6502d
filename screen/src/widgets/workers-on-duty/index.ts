import WorkersOnDuty from './WorkersOnDuty.vue';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import { defineWidget } from '../types.js';

export type WorkersOnDutyOptions = WidgetOptions<'workers-on-duty'>;

export default defineWidget<WorkersOnDutyOptions>({
  id: 'workers-on-duty',
  titleKey: 'onDuty.title',
  component: WorkersOnDuty,
  defaultOptions: { rows: 8 },
  minSize: { w: 320, h: 220 },
  defaultSize: { w: 440, h: 320 },
});
