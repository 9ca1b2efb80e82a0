import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/trpc': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
    // Fonts are always files: the Content-Security-Policy (font-src falls back to default-src 'self')
    // blocks data: URLs, and Vite would otherwise inline KaTeX's small fonts as data: URLs in its CSS.
    // Everything else keeps Vite's default limit (undefined).
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/i.test(file) ? false : undefined),
    // Modules run in the order they are imported, as ES modules do, also when code is split into
    // shared chunks: main.tsx imports zod-config.ts first so that zod is configured before any schema
    // is built (see zod-config.ts); without this a shared chunk holding @satprep/domain runs first.
    rolldownOptions: { output: { strictExecutionOrder: true } },
  },
});
