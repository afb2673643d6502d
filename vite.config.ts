import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Builds the screen into dist/screen; the gateway serves it (npm start) on one port.
export default defineConfig({
  root: 'screen',
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n's esm-bundler build asks for these; composition API only, no devtools in production
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: '../dist/screen',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // the big screens, and the grid workers' phone app (/m/) with a bundle of its own
      input: { main: 'screen/index.html', mobile: 'screen/m/index.html' },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/socket.io': { target: 'ws://localhost:8080', ws: true },
      '/video': 'http://localhost:8080',
    },
  },
});
