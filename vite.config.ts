import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { viteStaticCopy } from 'vite-plugin-static-copy';

// Cesium's workers, shaders' assets and widget CSS are loaded at run time from CESIUM_BASE_URL:
// copied beside the build, never fetched from a CDN.
const CESIUM_BUILD = 'node_modules/cesium/Build/Cesium';
const CESIUM_BASE_URL = '/cesium/';

// Builds the screen into dist/screen; the gateway serves it (npm start) on one port.
export default defineConfig({
  root: 'screen',
  base: '/',
  plugins: [
    vue(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((dir) => ({ src: `../${CESIUM_BUILD}/${dir}`, dest: 'cesium' })),
    }),
  ],
  define: {
    // vue-i18n's esm-bundler build asks for these; composition API only, no devtools in production
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_URL),
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
