// The device's position: asked once for a report or the task list, watched while on duty, and
// sent (throttled) into the positions feed. Positions are not queued offline: the next fix
// replaces a lost one.
import { ref, watch } from 'vue';
import { shouldSend, type LonLat } from './geo-math.js';
import { phoneApi } from './mobile-api.js';

export interface Fix extends LonLat {
  accuracyM: number;
  at: number;
}

export const here = ref<Fix | null>(null);
export const geoError = ref<string | null>(null);
const DUTY_KEY = 'gc-mobile-on-duty';
export const onDuty = ref(localStorage.getItem(DUTY_KEY) === '1');
/** positions sent this session (shown on 我的) */
export const positionsSent = ref(0);

/** At most one position per this many ms while moving. */
export const POSITION_INTERVAL_MS = 15_000;

let last: { at: number; pos: LonLat } | null = null;
let watchId: number | null = null;

function take(p: GeolocationPosition): Fix {
  const fix = { lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: Math.round(p.coords.accuracy), at: p.timestamp || Date.now() };
  here.value = fix;
  geoError.value = null;
  return fix;
}

export function locateOnce(): Promise<Fix | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(take(p)),
      (e) => {
        geoError.value = e.message || `error ${e.code}`;
        resolve(here.value);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    ),
  );
}

async function report(fix: Fix): Promise<void> {
  const now = Date.now();
  if (!onDuty.value || !shouldSend(last, fix, now, POSITION_INTERVAL_MS)) return;
  last = { at: now, pos: fix };
  try {
    await phoneApi.positions({ positions: [{ ts: new Date(now).toISOString(), lon: fix.lon, lat: fix.lat }] });
    positionsSent.value += 1;
  } catch {
    last = null; // try again with the next fix
  }
}

function startWatch(): void {
  if (watchId !== null || !('geolocation' in navigator)) return;
  watchId = navigator.geolocation.watchPosition((p) => void report(take(p)), (e) => (geoError.value = e.message || `error ${e.code}`), { enableHighAccuracy: true, maximumAge: 10_000 });
}

function stopWatch(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  last = null;
}

/** Follows the on-duty switch: watching and sending while on, nothing while off. */
export function followDuty(): () => void {
  const stop = watch(
    onDuty,
    (on, was) => {
      localStorage.setItem(DUTY_KEY, on ? '1' : '0');
      // the duty officer's dispatch candidates follow the switch (best effort: offline, positions stop anyway)
      if (was !== undefined) void phoneApi.duty(on).catch(() => undefined);
      if (on) startWatch();
      else stopWatch();
    },
    { immediate: true },
  );
  return () => {
    stop();
    stopWatch();
  };
}
