import path from 'node:path';
import { DEMO_ACCOUNTS } from './identity/index.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { startServer } from './composition/compose.js';

// Wiring only: read the configuration, start, print where to go, stop cleanly.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const server = await startServer(config).catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
});
const lines = [
  '',
  'Skyteller is running.',
  `  Customer page:  ${server.url}/`,
  `  Teller page:    ${server.url}/teller/`,
  `  Supervisor:     ${server.url}/supervisor/`,
  `  Auditor:        ${server.url}/auditor/`,
  `  Administration: ${server.url}/admin/`,
  `  Health:         ${server.url}/healthz    Metrics: ${server.url}/metrics`,
  `  Node:           ${config.nodeId} (pid ${process.pid})`,
  config.databaseUrl === undefined
    ? `  Database:       SQLite, ${path.join(config.dataDir, 'skyteller.db')}`
    : '  Database:       PostgreSQL (SKYTELLER_DATABASE_URL); no SQLite file',
  `  Media:          ${server.pool.size} mediasoup worker(s), WebRTC on UDP/TCP ports ${server.pool.rtcPorts.join(', ')}`,
];
// Production has no demo accounts: its first administrator comes from the shell.
if (config.env === 'production')
  lines.push('  Staff:          the first admin: npm run staff -- add USERNAME --role admin --name "NAME"');
else
  lines.push(
    `  Staff logins:   ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.role})`).join(', ')}`,
    server.demoPassword
      ? `  Demo password:  ${server.demoPassword}   (shown once; set SKYTELLER_DEMO_PASSWORD to choose it)`
      : config.demoPassword && server.demoAccountsCreated
        ? '  Demo password:  the value of SKYTELLER_DEMO_PASSWORD'
        : '  Demo password:  as printed at first start (or SKYTELLER_DEMO_PASSWORD then)',
  );
if (server.selfSignedCertificate)
  lines.push(`  Certificate:    self-signed, in ${config.dataDir}/tls (browsers ask to accept it once)`);
console.log(lines.join('\n') + '\n');

// SIGTERM (systemd, a cluster's launcher) drains first: nothing new comes here, the waiting pages
// move to other nodes, the calls end or move (README, "Deployment"). SIGINT (Ctrl-C) stops at once,
// as does a second signal during a drain: what is left ends as at any stop.
let stopping: Promise<void> | undefined;
const stop = (signal: NodeJS.Signals, drain: boolean): void => {
  if (stopping) {
    server.logger.info({ signal }, 'stopping now: the drain is cut short');
    void server.close();
    return;
  }
  server.logger.info({ signal }, drain ? 'shutting down after draining' : 'shutting down');
  // A drain that fails still ends in a close: the node stops as it would have without it.
  const drained = drain
    ? server.drain().catch((error: unknown) => server.logger.error({ err: error }, 'the drain failed'))
    : Promise.resolve();
  stopping = drained.then(() => server.close());
  stopping.then(
    () => process.exit(0),
    (error: unknown) => {
      server.logger.error({ err: error }, 'the stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM', true));
process.on('SIGINT', () => stop('SIGINT', false));
