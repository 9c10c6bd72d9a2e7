/**
 * A media node in its own process for the cross-process router link test:
 * startLinkNode plus a synthetic FFmpeg sender on its router. Prints
 * {"url","routerId","videoId","audioId","senderPid"} once ready; each stdin
 * line is a command, answered with one line: {"connect":{"nodeId","url"}}
 * joins the parent node; {"closeAudio":true} closes the audio producer;
 * {"pipeFrom":{"routerId","producerId"}} pipes one of the parent's producers here.
 */
import readline from 'node:readline';
import type { RouterLinkPeer } from '../../server/platform/media/router-link/router-link-peer.js';
import { startLinkNode } from './router-link-node.js';
import { startSyntheticSender } from './rtp-sender.js';

interface Command {
  connect?: { nodeId: string; url: string };
  closeAudio?: boolean;
  /** Pipes that producer of the parent's router into this node's router. */
  pipeFrom?: { routerId: string; producerId: string };
}

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
let peer: RouterLinkPeer | undefined;
const run = async (command: Command) => {
  if (command.connect) peer = node.connect(command.connect.nodeId, command.connect.url);
  if (command.closeAudio) sender.audio.close();
  if (command.pipeFrom) {
    const link = await peer!.link(node.router, command.pipeFrom.routerId);
    await link.pipe(command.pipeFrom.producerId);
  }
};
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  run(JSON.parse(line) as Command).then(
    () => say({ done: true }),
    (error: unknown) => say({ error: String(error) }),
  );
});
process.stdin.once('end', () => {
  void sender
    .stop()
    .then(() => node.close())
    .then(() => process.exit(0));
});
