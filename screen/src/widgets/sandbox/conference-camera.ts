// The sandbox in a conference session (视频会商): the presenter's camera goes to the followers
// as it moves (every rendered frame that moved it, at most every SHARE_MS, and always the last),
// and a follower in follow mode puts its camera exactly there.
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import { useConferenceStore } from '../../stores/conference.js';
import type { SharedCamera } from '../../net/protocol.js';
import type { CityScene } from './scene/city-scene.js';

const SHARE_MS = 100;

/** Equal to about a millimetre and a ten-thousandth of a degree: nothing worth sending. */
export function cameraKey(c: SharedCamera): string {
  return [c.lon.toFixed(8), c.lat.toFixed(8), c.height.toFixed(3), c.heading.toFixed(4), c.pitch.toFixed(4), c.roll.toFixed(4)].join();
}

export function useConferenceCamera(scene: Readonly<ShallowRef<CityScene | null>>): void {
  const conference = useConferenceStore();
  let lastKey = '';
  let lastSent = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  let off: (() => void) | null = null;

  function send(): void {
    const s = scene.value;
    if (!s || !conference.presenting) return;
    const camera = s.cameraState();
    const key = cameraKey(camera);
    if (key === lastKey) return;
    lastKey = key;
    lastSent = Date.now();
    conference.share({ camera });
  }

  function onFrame(): void {
    if (!conference.presenting || trailing) return;
    const wait = SHARE_MS - (Date.now() - lastSent);
    if (wait <= 0) send();
    // the frame that ends a movement is sent too, a little later
    trailing = setTimeout(() => {
      trailing = null;
      send();
    }, Math.max(wait, SHARE_MS));
  }

  watch(
    scene,
    (s) => {
      off?.();
      off = s ? s.onRender(onFrame) : null;
    },
    { immediate: true },
  );

  // a new presenter starts by sending where it is
  watch(
    () => conference.presenting,
    (on) => {
      lastKey = '';
      if (on) send();
    },
  );

  watch(
    [() => conference.shared?.camera, () => conference.mirroring, scene],
    ([camera, on, s]) => {
      if (!camera || !on || !s) return;
      lastKey = cameraKey(camera);
      s.setCameraState(camera);
    },
  );

  onBeforeUnmount(() => {
    off?.();
    if (trailing) clearTimeout(trailing);
  });
}
