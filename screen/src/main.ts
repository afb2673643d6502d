import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { initNet, loadCity } from './net/live.js';
import { createScreenRouter, toLogin } from './router.js';
import { useSessionStore } from './stores/session.js';
import './theme.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n);
const session = useSessionStore(pinia);
if (session.hydrate()) void session.verify();
const router = createScreenRouter();
app.use(router);

initNet({ onExpired: () => toLogin(router) });
void loadCity();
document.documentElement.lang = i18n.global.locale.value;

app.mount('#app');
