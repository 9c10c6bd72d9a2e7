// Worker threads get neither tsx's --import nor vitest's transform: this plain
// module registers tsx in the thread, then loads the TypeScript worker named
// in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
