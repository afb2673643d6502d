import EventFeed from './EventFeed.vue';
import { defineWidget } from '../types.js';

export interface EventFeedOptions {
  /** how many of the held events to render */
  rows: number;
}

export default defineWidget<EventFeedOptions>({
  id: 'event-feed',
  titleKey: 'widgets.eventFeed',
  component: EventFeed,
  defaultOptions: { rows: 60 },
  minSize: { w: 420, h: 360 },
});
