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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  });
}
