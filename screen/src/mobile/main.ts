// The grid workers' phone app (城管通): its own entry and bundle — Vue and a few small modules, no
// maps library, charts or Cesium — so it loads fast on a phone network.
import { createApp } from 'vue';
import MobileApp from './MobileApp.vue';
import { locale } from './i18n.js';
import './mobile.css';

document.documentElement.lang = locale.value;
createApp(MobileApp).mount('#app');

// Keeps the app itself for offline starts (public/m/sw.js); the app works without it.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
