// A worker thread's entry: one chain verification, off the server's main thread.
import { serveJob } from '../platform/threads/run-in-worker.js';
import { checkChainFile, type ChainCheckInput } from './chain-check.js';

await serveJob((input: ChainCheckInput) => checkChainFile(input));
