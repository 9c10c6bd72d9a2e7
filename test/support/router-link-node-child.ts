/**
 * A media node in its own process for the cross-process router link test:
 * startLinkNode plus a synthetic FFmpeg sender on its router. Prints
 * {"url","routerId","videoId","audioId","senderPid"} once ready; each stdin
 * line is a command, answered with one line: {"connect":{"nodeId","url"}}
 * joins the parent node; {"closeAudio":true} closes the audio producer.
 */
import readline from 'node:readline';
import { startLinkNode } from './router-link-node.js';
import { startSyntheticSender } from './rtp-sender.js';

const node = await startLinkNode('node-a');
const sender = await startSyntheticSender(node.router);
await sender.flowing();
const say = (message: unknown) => console.log(JSON.stringify(message));
say({
  url: node.url,
  routerId: node.router.id,
  videoId: sender.video.id,
  audioId: sender.audio.id,
  senderPid: sender.pid,
});
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as { connect?: { nodeId: string; url: string }; closeAudio?: boolean };
  if (command.connect) node.connect(command.connect.nodeId, command.connect.url);
  if (command.closeAudio) sender.audio.close();
  say({ done: true });
});
process.stdin.once('end', () => {
  void sender
    .stop()
    .then(() => node.close())
    .then(() => process.exit(0));
});
