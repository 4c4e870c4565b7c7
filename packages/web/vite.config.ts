import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `vite` (dev) proxies the API and WebSocket to a Prat server on :8065; `vite build` writes dist/, which the
// server serves at / (hashed files under /static/ are cached for a year; index.html is never cached).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'static',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api/v4/websocket': { target: 'ws://127.0.0.1:8065', ws: true },
      '/api': 'http://127.0.0.1:8065',
    },
  },
});
