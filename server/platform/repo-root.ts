import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's top folder: where the built pages (dist/) and the models' packages are found. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
