// Setup file of `npm run test:postgres`: the databases a test file's servers
// used go after the file (its own afterAll hooks, which close its servers, run first).
import { afterAll } from 'vitest';
import { dropDatabases } from './test-database.js';

afterAll(dropDatabases);
