// Runs before `npm install`/`npm ci`: mediasoup's own postinstall would download a
// prebuilt worker from GitHub, which this project must never do. The bootstrap
// builds the worker from the npm tarball and installs with MEDIASOUP_WORKER_BIN.
if (!process.env.MEDIASOUP_WORKER_BIN) {
  console.error(
    'skyteller: install dependencies with `npm start`, `npm test` or `bash scripts/bootstrap.sh`;\n' +
      'a bare `npm install` would let mediasoup download its worker. To install by hand:\n' +
      '  MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup/build-worker.sh 3.18.1)" npm ci',
  );
  process.exit(1);
}
