import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Two static pages served by the Skyteller server: the customer counter at `/`
// and the teller desk at `/teller/`.
export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        customer: fileURLToPath(new URL('index.html', import.meta.url)),
        teller: fileURLToPath(new URL('teller/index.html', import.meta.url)),
      },
    },
  },
});
