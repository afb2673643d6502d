import AlertList from './AlertList.vue';
import { defineWidget } from '../types.js';

export interface AlertListOptions {
  /** how many of the held alerts to render */
  rows: number;
}

export default defineWidget<AlertListOptions>({
  id: 'alert-list',
  titleKey: 'widgets.alertList',
  component: AlertList,
  defaultOptions: { rows: 30 },
  minSize: { w: 520, h: 300 },
});
