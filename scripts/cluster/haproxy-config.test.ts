import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSelfSignedCertificate } from '../../server/platform/tls/self-signed.js';
import { haproxyConfig, INTERNAL_PATHS, STICKY_COOKIE } from './haproxy-config.js';

const setup = (pemFile: string) => ({
  port: 8443,
  bindAddress: '127.0.0.1',
  pemFile,
  nodes: [
    { id: 'node-1', port: 9001 },
    { id: 'node-2', port: 9002 },
  ],
});

describe('haproxyConfig', () => {
  it('is a configuration Debian’s haproxy accepts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-haproxy-'));
    const tls = ensureSelfSignedCertificate(dir, []);
    const pemFile = path.join(dir, 'haproxy.pem');
    fs.writeFileSync(pemFile, tls.cert + tls.key, { mode: 0o600 });
    const configFile = path.join(dir, 'haproxy.cfg');
    fs.writeFileSync(configFile, haproxyConfig(setup(pemFile)));
    expect(() =>
      execFileSync('/usr/sbin/haproxy', ['-c', '-q', '-f', configFile], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('balances the nodes in turn, pins a browser by cookie, checks /healthz, and routes /node/<id>/ to that node', () => {
    const config = haproxyConfig(setup('/x.pem'));
    expect(config).toContain('  bind 127.0.0.1:8443 ssl crt /x.pem alpn http/1.1');
    expect(config).toContain('  balance roundrobin');
    expect(config).toContain(`  cookie ${STICKY_COOKIE} insert indirect nocache httponly secure`);
    expect(config).toContain('  option httpchk GET /healthz');
    // A refused connection goes to another node at once, not after a second's wait per retry.
    expect(config).toContain('  option redispatch 1');
    expect(config).toContain('  server node-1 127.0.0.1:9001 check cookie node-1');
    expect(config).toContain('  server node-2 127.0.0.1:9002 check cookie node-2');
    expect(config).toContain('  use_backend node_node-2 if { path_beg /node/node-2/ }');
    const nodeTwoOnly = config.split('\n\n').find((block) => block.startsWith('backend node_node-2'));
    expect(nodeTwoOnly).toContain('  http-request replace-path ^/node/[^/]+(/.*)$ \\1');
    expect(nodeTwoOnly).toContain('  server node-2 127.0.0.1:9002 check');
    expect(nodeTwoOnly).not.toContain('node-1');
  });

  it('refuses the nodes’ internal paths at the public origin, before any backend is chosen', () => {
    const config = haproxyConfig(setup('/x.pem'));
    const lines = config.split('\n');
    const deny = lines.indexOf(`  http-request deny deny_status 404 if ${INTERNAL_PATHS}`);
    expect(deny).toBeGreaterThan(lines.indexOf('frontend public'));
    expect(deny).toBeLessThan(lines.findIndex((line) => line.startsWith('  use_backend')));
    expect(INTERNAL_PATHS).toContain('path_beg -i /internal');
    expect(INTERNAL_PATHS).toContain('path_reg -i ^/node/[^/]+/internal');
  });
});
