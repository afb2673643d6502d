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
const router = createScreenRouter();
app.use(router);

// Before the saved session is checked: the REST client takes its token from the session, and
// checking it unwired sent no token, was refused, and logged a rebooted wall screen out.
initNet({ onExpired: () => toLogin(router) });
if (session.hydrate()) void session.verify();
void loadCity();
document.documentElement.lang = i18n.global.locale.value;

app.mount('#app');
