import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { initNet } from './net/live.js';
import { toLogin } from './router.js';
import { useSessionStore } from './stores/session.js';
import './theme.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n);

initNet({ onExpired: toLogin });
const session = useSessionStore(pinia);
if (session.hydrate()) void session.verify();
document.documentElement.lang = i18n.global.locale.value;

app.mount('#app');
