import { defineWidget } from '../types.js';
import type { WidgetOptions } from '../../../../gateway/protocol/widget-options.js';
import ConferencePanel from './ConferencePanel.vue';

export type ConferenceOptions = WidgetOptions<'conference'>;

export default defineWidget<ConferenceOptions>({
  id: 'conference',
  titleKey: 'widgets.conference',
  component: ConferencePanel,
  defaultOptions: { tilesShown: 4 },
  minSize: { w: 360, h: 480 },
});
