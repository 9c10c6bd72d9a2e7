/**
 * A process that records a synthetic sender's video and then waits to be
 * killed: the crash test kills it with SIGKILL and looks at what FFmpeg left.
 * Prints one JSON line: {recorderPid, senderPid, file}.
 */
import path from 'node:path';
import { TrackRecorder } from '../../server/recording/track-recorder.js';
import { recorderBench } from './recorder-kit.js';
import { startSyntheticSender } from './rtp-sender.js';

const bench = await recorderBench();
const sender = await startSyntheticSender(bench.router);
await sender.flowing();
const recorder = await TrackRecorder.start({
  router: bench.router,
  producer: sender.video,
  basePath: path.join(bench.dir, 'video'),
  silenceTimeoutS: Number(process.env.SILENCE_TIMEOUT_S ?? 15),
});
console.log(JSON.stringify({ recorderPid: recorder.pid, senderPid: sender.pid, file: recorder.file }));
setInterval(() => {}, 60_000);
