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

// A signal during start-up stops whatever has started so far, once start-up returns or fails.
let stopRequested = false;
let stopping: Promise<void> | undefined;
let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
const stop = (): void => {
  stopRequested = true;
  if (!cluster) return;
  stopping ??= (async () => {
    say('stopping every node, haproxy, the S3 server and PostgreSQL');
    await cluster.stop();
    say('stopped');
    process.exit(0);
  })();
};
// SIGHUP too: the children are in their own process groups, so a closed terminal reaches only us.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

try {
  cluster = await startCluster(options, say);
} catch (error) {
  console.error(`cluster: could not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopRequested) stop();
else {
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
}
