// Two nodes on one PostgreSQL, one Redis and one S3 bucket, as a cluster runs them: a call is held
// by the node of the teller who accepted it; a page on the other node is told where its call is;
// when the holding node is killed, the call goes on on the node its pages reach, as a new segment
// of the same recording, and the audit chain still verifies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../../scripts/redis/redis-server.js';
import { ensureSelfSignedCertificate } from '../../server/platform/tls/self-signed.js';
import { processesUsing } from '../../server/recording/folder-writers.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { closedRecording, sendIntoCall } from '../support/call-media.js';
import {
  connect,
  httpRequest,
  login,
  nextEvent,
  request,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { startMediaServerChild, type MediaServerChild } from '../support/media-server-process.js';
import { postgresPerFile } from '../support/postgres.js';
import { sleep } from '../support/recorder-kit.js';
import type { SyntheticSender } from '../support/rtp-sender.js';
import { startS3Server, type TestS3Server } from '../support/s3-server.js';
import { serviceCall } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const postgres = postgresPerFile();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-call-failover-'));
const sockets: TestSocket[] = [];
const senders: SyntheticSender[] = [];
let redis: RunningRedis | undefined;
let s3: TestS3Server | undefined;
let holder: MediaServerChild | undefined;
let survivor: TestServer | undefined;
let orphanHolder: MediaServerChild | undefined;
let drainingNode: TestServer | undefined;
/** What every node of the file's cluster is started with. */
let shared: Record<string, string>;

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(senders.map((sender) => sender.stop()));
  holder?.child.kill('SIGKILL');
  for (const pid of holder?.senderPids ?? []) killQuietly(pid);
  orphanHolder?.child.kill('SIGKILL');
  for (const pid of orphanHolder?.senderPids ?? []) killQuietly(pid);
  await drainingNode?.close();
  await survivor?.close();
  await s3?.stop();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * The nodes share one certificate (as `npm run cluster` gives them): each asks the other's own
 * address whether it is still there, and trusts it only so.
 */
function sharedCertificate(dataDirs: string[]): Record<string, string> {
  const tls = path.join(dir, 'tls');
  ensureSelfSignedCertificate(tls, ['127.0.0.1']);
  for (const dataDir of dataDirs) fs.cpSync(tls, path.join(dataDir, 'tls'), { recursive: true });
  return {
    SKYTELLER_TLS_CERT: path.join(tls, 'server.crt'),
    SKYTELLER_TLS_KEY: path.join(tls, 'server.key'),
  };
}

describe('a call whose node is lost, or drains', () => {
  it('is held by its teller’s node, found from the other node, and goes on there as a new segment when its node is killed', async () => {
    redis = await startRedis({ dir: fs.mkdtempSync(path.join(dir, 'redis-')) });
    s3 = await startS3Server();
    const dirs = ['a', 'b'].map((n) => fs.mkdtempSync(path.join(dir, `node-${n}-`)));
    shared = {
      // Long enough for both pages to come back below; short enough for the abandoned call's end.
      SKYTELLER_REJOIN_GRACE_SECONDS: '10',
      SKYTELLER_DATABASE_URL: await postgres.freshDatabase(),
      SKYTELLER_REDIS_URL: redis.url,
      SKYTELLER_SESSION_KEY_FILE: path.join(dir, 'session.key'),
      SKYTELLER_AUDIT_KEY_FILE: path.join(dir, 'audit.key'),
      ...sharedCertificate(dirs),
      ...s3.env,
    };
    holder = await startMediaServerChild(dirs[0]!, { ...shared, SKYTELLER_NODE_ID: 'node-a' });
    survivor = await startTestServer({ ...shared, SKYTELLER_NODE_ID: 'node-b' }, { dataDir: dirs[1]! });

    // The teller accepts on node A: A holds the call.
    const call = await serviceCall(holder, 'contact-change', sockets);
    const { callId } = call;
    expect(call.tellerCall.nodeId).toBe('node-a');
    const tellerId = (await login(holder, 'teller1')).user.id;
    await holder.send(callId, 'customer');
    await holder.send(callId, `teller:${tellerId}`);

    // The customer's page on node B hears which node it is on, and is told where its call is.
    const hello = (socket: TestSocket) => nextEvent(socket, 'node:hello');
    const elsewhere = await connectCustomer(survivor, call.ticketToken, hello);
    expect(elsewhere.node).toBe('node-b');
    const status = await request(elsewhere.socket, 'ticket:status', {});
    expect(status).toMatchObject({ call: null, callNode: 'node-a' });
    elsewhere.socket.close();

    // Some media reaches the bucket before the node goes; then node A is killed.
    await mediaInBucket(callId);
    await killWithItsDisk(holder, survivor, callId);
    const lostAt = Date.now();

    // The customer's page reaches node B (through the load balancer): the call goes on there, at once.
    const customer = await connectCustomer(survivor, call.ticketToken, hello);
    const back = await request(customer.socket, 'ticket:status', {});
    expect(back.callNode).toBeNull();
    expect(back.call).toMatchObject({ callId, nodeId: 'node-b' });
    expect(Date.now() - lostAt).toBeLessThan(15_000);
    // The teller's page too: in the same call, busy with it.
    const { token } = await login(survivor, 'teller1');
    const teller = await connect(survivor, { token });
    sockets.push(teller);
    const desk = await request(teller, 'teller:state', {});
    expect(desk).toMatchObject({ status: 'in_call', callNode: null, call: { callId, nodeId: 'node-b' } });

    // Media flows on the new router, and the recording goes on after node A's segments.
    senders.push(await sendIntoCall(survivor, callId, 'customer'));
    senders.push(await sendIntoCall(survivor, callId, `teller:${tellerId}`));
    await sleep(4000);
    await request(teller, 'call:hangUp', { callId });
    // The synthetic senders encode video without pause: the next cases do not share the CPU with them.
    await Promise.all(senders.splice(0).map((sender) => sender.stop()));
    const { row, manifest } = await closedRecording(survivor.kysely, callId);
    expect(row.status).toBe('interrupted');
    const segments = manifest.tracks.flatMap((track) => track.segments);
    const lost = segments.filter((segment) => segment.status === 'interrupted');
    const resumed = segments.filter((segment) => segment.status === 'complete');
    expect(lost).toHaveLength(4);
    expect(resumed).toHaveLength(4);
    for (const track of manifest.tracks)
      expect(track.segments.map((s) => s.status)).toEqual(['interrupted', 'complete']);
    expect(timelineTypes(manifest)).toEqual(expect.arrayContaining(['call.resumed', 'call.ended']));
    const events = await survivor.kysely
      .selectFrom('call_events')
      .select(['type', 'data'])
      .where('call_id', '=', callId)
      .where('type', '=', 'call.resumed')
      .execute();
    expect(events.map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { fromNode: 'node-a', toNode: 'node-b' },
    ]);

    // The audit chain, appended to by both nodes, still verifies.
    expect(await chainVerified(survivor)).toBe(true);
    // The teller's desk on node B closes: the next calls' teller works from one node at a time.
    teller.close();
    await waitFor(() => survivor!.queue.presence.get(tellerId) === undefined, 20_000);
  }, 180_000);

  it('is handed to another node when its node drains: both pages are told where, the call goes on there, and the recording keeps the drained node’s segments whole', async () => {
    const survivorNode = survivor!;
    const dataDir = fs.mkdtempSync(path.join(dir, 'node-d-'));
    fs.cpSync(path.join(dir, 'tls'), path.join(dataDir, 'tls'), { recursive: true });
    // No load balancer here to take it out: a short wait before its pages are let go.
    const draining = await startTestServer(
      { ...shared, SKYTELLER_NODE_ID: 'node-d', SKYTELLER_DRAIN_LB_WAIT_MS: '300' },
      { dataDir },
    );
    drainingNode = draining;
    const call = await serviceCall(draining, 'contact-change', sockets);
    const { callId } = call;
    expect(call.tellerCall.nodeId).toBe('node-d');
    const tellerId = (await login(draining, 'teller1')).user.id;
    senders.push(await sendIntoCall(draining, callId, 'customer'));
    senders.push(await sendIntoCall(draining, callId, `teller:${tellerId}`));
    await mediaInBucket(callId);

    // SIGTERM's drain: the call moves, and both pages hear where to.
    const toldCustomer = nextEvent(call.customer, 'call:moved', () => true, 60_000);
    const toldTeller = nextEvent(call.teller, 'call:moved', () => true, 60_000);
    await draining.drain();
    expect(await toldCustomer).toEqual({ callId, nodeId: 'node-b' });
    expect(await toldTeller).toEqual({ callId, nodeId: 'node-b' });
    expect(draining.calls.registry.count).toBe(0);
    expect(survivorNode.calls.registry.get(callId)).toBeDefined();

    // The pages reconnect there: the call is theirs on node B, the teller still in it.
    const hello = (socket: TestSocket) => nextEvent(socket, 'node:hello');
    const customer = await connectCustomer(survivorNode, call.ticketToken, hello);
    expect(await request(customer.socket, 'ticket:status', {})).toMatchObject({
      callNode: null,
      call: { callId, nodeId: 'node-b' },
    });
    const teller = await connect(survivorNode, { token: (await login(survivorNode, 'teller1')).token });
    sockets.push(teller);
    expect(await request(teller, 'teller:state', {})).toMatchObject({
      status: 'in_call',
      call: { callId, nodeId: 'node-b' },
    });
    senders.push(await sendIntoCall(survivorNode, callId, 'customer'));
    senders.push(await sendIntoCall(survivorNode, callId, `teller:${tellerId}`));
    await sleep(4000);
    await request(teller, 'call:hangUp', { callId });
    // The synthetic senders encode video without pause: the next cases do not share the CPU with them.
    await Promise.all(senders.splice(0).map((sender) => sender.stop()));

    // Nothing was lost: node D's segments were finished there and handed over whole.
    const { row, manifest } = await closedRecording(survivorNode.kysely, callId);
    expect(row.status).toBe('complete');
    expect(manifest.interrupted).toBe(false);
    expect(manifest.tracks).toHaveLength(4);
    for (const track of manifest.tracks)
      expect(track.segments.map((segment) => segment.status)).toEqual(['complete', 'complete']);
    const moved = manifest.events.find((event) => event.type === 'call.moved');
    expect(moved?.data).toEqual({ fromNode: 'node-d', toNode: 'node-b' });
    expect(timelineTypes(manifest)).not.toContain('call.resumed');
    expect(await chainVerified(survivorNode)).toBe(true);
    // The drained node stops, as SIGTERM has it do next; its pages and the teller's desk go with it.
    for (const socket of [call.customer, call.teller, customer.socket, teller]) socket.close();
    await draining.close();
    drainingNode = undefined;
  }, 180_000);

  it('is taken over by the queue leader when no page of it comes back, and ends by the rejoin grace with its recording closed', async () => {
    const survivorNode = survivor!;
    const dataDir = fs.mkdtempSync(path.join(dir, 'node-c-'));
    fs.cpSync(path.join(dir, 'tls'), path.join(dataDir, 'tls'), { recursive: true });
    orphanHolder = await startMediaServerChild(dataDir, { ...shared, SKYTELLER_NODE_ID: 'node-c' });
    const call = await serviceCall(orphanHolder, 'contact-change', sockets);
    const { callId } = call;
    expect(call.tellerCall.nodeId).toBe('node-c');
    const tellerId = (await login(orphanHolder, 'teller1')).user.id;
    await orphanHolder.send(callId, 'customer');
    await orphanHolder.send(callId, `teller:${tellerId}`);
    await mediaInBucket(callId);

    // Node C goes, and both pages with it, for good.
    call.customer.close();
    call.teller.close();
    await killWithItsDisk(orphanHolder, survivorNode, callId);

    // Node B leads the queue: once C's heartbeat has stopped, B takes the call, and the rejoin
    // grace ends it, as it would a call whose sides both left.
    const ended = async () =>
      (
        await survivorNode.kysely
          .selectFrom('calls')
          .select(['ended_at', 'node_id'])
          .where('id', '=', callId)
          .executeTakeFirstOrThrow()
      ).ended_at !== null;
    await waitFor(ended, 90_000);
    const { row, manifest } = await closedRecording(survivorNode.kysely, callId);
    expect(row.status).toBe('interrupted');
    expect(manifest.tracks).toHaveLength(4);
    for (const track of manifest.tracks) expect(track.segments.map((s) => s.status)).toEqual(['interrupted']);
    const types = timelineTypes(manifest);
    expect(types.indexOf('call.resumed')).toBeGreaterThan(-1);
    expect(types.indexOf('call.ended')).toBeGreaterThan(types.indexOf('call.resumed'));
    const resumed = manifest.events.find((event) => event.type === 'call.resumed')!;
    expect(resumed.data).toEqual({ fromNode: 'node-c', toNode: 'node-b' });
    expect(await chainVerified(survivorNode)).toBe(true);
  }, 180_000);
});

/** Waits until every track of the call has fragments in the bucket, and some seconds more of them. */
async function mediaInBucket(callId: string): Promise<void> {
  const fragments = `calls/${callId}/fragments/`;
  const tracksInBucket = async () =>
    new Set((await s3!.bucket.list(fragments)).map((o) => o.key.slice(fragments.length).split('/')[0])).size;
  await waitFor(async () => (await tracksInBucket()) === 4, 30_000);
  await sleep(3000);
}

/** SIGKILLs a node process with its FFmpegs and RTP senders, and removes its recording folder. */
async function killWithItsDisk(node: MediaServerChild, other: TestServer, callId: string): Promise<void> {
  const folder = (await new RecordingStore(other.kysely).get(callId))!.folder;
  node.child.kill('SIGKILL');
  await new Promise((resolve) => node.child.once('exit', resolve));
  for (const pid of [...node.senderPids, ...(await processesUsing(folder))]) killQuietly(pid);
  fs.rmSync(folder, { recursive: true, force: true });
}

/** The audit chain, as an auditor of `server` asks it verified. */
async function chainVerified(server: TestServer): Promise<boolean> {
  const auditor = await login(server, 'auditor1');
  const verified = await httpRequest<{ ok: boolean }>(server, 'GET', '/api/audit/verify', {
    headers: staffHeaders(auditor.token),
  });
  return verified.status === 200 && verified.body.ok;
}

async function connectCustomer(
  server: { url: string; ca: string },
  ticketToken: string,
  hello: (socket: TestSocket) => Promise<{ nodeId: string }>,
): Promise<{ socket: TestSocket; node: string }> {
  // The greeting comes first on the connection: listened for before it opens.
  let greeted: Promise<{ nodeId: string }> | undefined;
  const socket = await connect(server, { ticketToken }, { listen: (s) => (greeted = hello(s)) });
  sockets.push(socket);
  return { socket, node: (await greeted!).nodeId };
}

const timelineTypes = (manifest: RecordingManifest) => manifest.events.map((event) => event.type);
