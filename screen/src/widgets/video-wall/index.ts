import { defineAsyncComponent } from 'vue';
import { defineWidget } from '../types.js';
import type { TileCount } from './wall-cameras.js';

export interface VideoWallOptions {
  /** 1, 4, 9 or 16 tiles */
  tiles: TileCount;
  /** 'selection': cameras near the picked event or in the selected area, else the scope's; 'scope': always the scope's */
  follow: 'selection' | 'scope';
  /** seconds between pages (0: pages change only by hand) */
  pageSeconds: number;
  /** most live players on the screen at once */
  maxDecoders: number;
}

export default defineWidget<VideoWallOptions>({
  id: 'video-wall',
  titleKey: 'widgets.videoWall',
  component: defineAsyncComponent(() => import('./VideoWall.vue')),
  defaultOptions: { tiles: 4, follow: 'selection', pageSeconds: 30, maxDecoders: 16 },
  minSize: { w: 360, h: 240 },
});
