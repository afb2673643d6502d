import DeviceStatus from './DeviceStatus.vue';
import { defineWidget } from '../types.js';

export interface DeviceStatusOptions {
  /** how many of the latest alarms to list */
  alarms: number;
  /** seconds between refetches of a selected narrower area (the screen's own scope is pushed live) */
  refreshS: number;
}

export default defineWidget<DeviceStatusOptions>({
  id: 'device-status',
  titleKey: 'widgets.deviceStatus',
  component: DeviceStatus,
  defaultOptions: { alarms: 6, refreshS: 5 },
  minSize: { w: 480, h: 340 },
});
