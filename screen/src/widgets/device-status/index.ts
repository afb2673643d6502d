import { defineWidget } from '../types.js';
import DeviceStatus from './DeviceStatus.vue';

export interface DeviceStatusOptions {
  /** how many of the latest alarms to list */
  alarms: number;
  /** seconds between refreshes of the counts */
  refreshS: number;
}

export default defineWidget<DeviceStatusOptions>({
  id: 'device-status',
  titleKey: 'widgets.deviceStatus',
  component: DeviceStatus,
  defaultOptions: { alarms: 6, refreshS: 5 },
  minSize: { w: 480, h: 340 },
});
