// `npm run cluster -- --nodes 3`: a local cluster behind one public origin, until Ctrl-C.
import { parseClusterOptions } from './cluster-options.js';
import { startCluster } from './start-cluster.js';

const say = (line: string): void => console.log(`cluster: ${line}`);

let options;
try {
  options = parseClusterOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

// A signal during start-up aborts it (what has started is stopped); after, it stops the cluster.
const startUp = new AbortController();
let stopping: Promise<void> | undefined;
let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
const stop = (): void => {
  if (!cluster) return startUp.abort(new Error('stopped during start-up'));
  stopping ??= (async () => {
    say('stopping haproxy, then every node, then the S3 server and PostgreSQL');
    await cluster.stop();
    say('stopped');
    process.exit(0);
  })();
};
// SIGHUP too: the children are in their own process groups, so a closed terminal reaches only us.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

try {
  cluster = await startCluster(options, say, startUp.signal);
} catch (error) {
  if (startUp.signal.aborted) {
    say('stopped during start-up');
    process.exit(0);
  }
  console.error(`cluster: could not start: ${(error as Error).message}`);
  process.exit(1);
}
console.log(
  [
    '',
    'Skyteller cluster is running.',
    `  Public origin (haproxy): ${cluster.lb}/   (teller: ${cluster.lb}/teller/)`,
    ...cluster.nodes.map((node) => `  ${node.id}: ${node.url}  pid ${node.pid}`),
    `  Demo password: ${cluster.demoPassword}`,
    `  Written: ${cluster.manifestFile}`,
    `  Logs: ${options.dir}/logs/   Ctrl-C stops everything.`,
    '',
  ].join('\n'),
);
