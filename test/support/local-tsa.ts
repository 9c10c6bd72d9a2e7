import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalTsa {
  url: string;
  /** The TSA's own certificate (PEM). */
  certFile: string;
  /** The CA that issued it (PEM): what anchors are checked against. */
  caFile: string;
  /** A CA that did not issue it, for the negative case. */
  strangerCaFile: string;
  close(): Promise<void>;
}

const CONFIG = (dir: string) => `
[ tsa ]
default_tsa = local
[ local ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.2
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

async function selfSignedCa(dir: string, name: string): Promise<void> {
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-keyout',
    path.join(dir, `${name}.key`),
    '-out',
    path.join(dir, `${name}.pem`),
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/**
 * An RFC 3161 authority on loopback: `openssl ts -reply` behind a tiny HTTP
 * handler, with a CA and a timeStamping certificate made for it in `dir`.
 */
export async function startLocalTsa(dir: string): Promise<LocalTsa> {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  await selfSignedCa(dir, 'ca');
  await selfSignedCa(dir, 'stranger-ca');
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('tsa.key'),
    '-out',
    file('tsa.csr'),
    '-subj',
    '/CN=Local TSA',
  ]);
  fs.writeFileSync(
    file('tsa.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('tsa.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    file('tsa.ext'),
    '-out',
    file('tsa.pem'),
  ]);
  fs.writeFileSync(file('serial'), '01\n');
  fs.writeFileSync(file('tsa.cnf'), CONFIG(dir));

  let requests = 0;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const n = ++requests;
      const [query, reply] = [file(`q${n}.tsq`), file(`r${n}.tsr`)];
      fs.writeFileSync(query, Buffer.concat(parts));
      run('openssl', ['ts', '-reply', '-config', file('tsa.cnf'), '-queryfile', query, '-out', reply]).then(
        () => {
          res.setHeader('content-type', 'application/timestamp-reply');
          res.end(fs.readFileSync(reply));
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsr`,
    certFile: file('tsa.pem'),
    caFile: file('ca.pem'),
    strangerCaFile: file('stranger-ca.pem'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
