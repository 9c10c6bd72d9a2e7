// A worker thread's entry: chain verifications, off the server's main thread.
import { serveJobs } from '../platform/threads/job-thread.js';
import { checkStoredChain, type ChainCheckInput } from './chain-check.js';

serveJobs((input: ChainCheckInput) => checkStoredChain(input));
