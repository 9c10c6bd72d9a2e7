import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { htmlPartials } from './html-partials.js';

const root = fileURLToPath(new URL('.', import.meta.url));

// Static pages served by the Skyteller server: the customer counter at `/`,
// the teller desk at `/teller/`, the supervisor's board at `/supervisor/`, the
// auditor's replay at `/auditor/` and the administrator's console at `/admin/`.
export default defineConfig({
  root,
  base: '/',
  plugins: [htmlPartials(fileURLToPath(new URL('common/partials', import.meta.url)))],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        customer: fileURLToPath(new URL('index.html', import.meta.url)),
        teller: fileURLToPath(new URL('teller/index.html', import.meta.url)),
        supervisor: fileURLToPath(new URL('supervisor/index.html', import.meta.url)),
        auditor: fileURLToPath(new URL('auditor/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('admin/index.html', import.meta.url)),
      },
    },
  },
});
