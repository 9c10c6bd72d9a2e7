import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesUsing } from '../../server/recording/folder-writers.js';
import { sha256File } from '../../server/recording/manifest-writer.js';
import { probeMedia } from '../../server/recording/media-probe.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { login, staffHeaders, type TestSocket } from '../support/clients.js';
import { startMediaServerChild, type MediaServerChild } from '../support/media-server-process.js';
import { sleep } from '../support/recorder-kit.js';
import { binaryRequest, completeContactChange, serviceCall } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-crash-'));
const sockets: TestSocket[] = [];
/** Processes the killed server leaves behind (its synthetic senders); killed at the end whatever happens. */
let leftBehind: number[] = [];
let child: ChildProcess | undefined;
let restarted: TestServer | undefined;
let folder: string | undefined;

afterAll(async () => {
  for (const s of sockets) s.close();
  child?.kill('SIGKILL');
  for (const pid of [...leftBehind, ...(folder ? await processesUsing(folder) : [])]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await restarted?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startChild(): Promise<MediaServerChild> {
  const started = await startMediaServerChild(dataDir);
  child = started.child;
  leftBehind = started.senderPids;
  return started;
}

const mediaFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.webm'));

describe('a server killed with SIGKILL in the middle of a recorded call', () => {
  it('leaves playable files, and the next start closes the recording as interrupted with its manifest and the signed record', async () => {
    const server = await startChild();
    const call = await serviceCall(server, 'contact-change', sockets);
    const { callId } = call;
    const tellerId = (await login(server, 'teller1')).user.id;
    await server.send(callId, 'customer');
    await server.send(callId, `teller:${tellerId}`);
    // The service ends during the call: its record waits for the recording's manifest.
    expect((await completeContactChange(call)).recordUrl).not.toBeNull();

    const day = new Date().toISOString().slice(0, 10);
    folder = path.join(dataDir, 'recordings', day, callId);
    const callFolder = folder;
    // Every track past FFmpeg's probe, then a few seconds more.
    await waitFor(
      () =>
        fs.existsSync(callFolder) &&
        mediaFiles(callFolder).length === 4 &&
        mediaFiles(callFolder).every((f) => fs.statSync(path.join(callFolder, f)).size > 8192),
      30_000,
    );
    await sleep(4000);

    child!.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    for (const pid of leftBehind) process.kill(pid, 'SIGKILL');
    // The FFmpegs outlive the server: the restart must not hash their files while they write.
    expect((await processesUsing(callFolder)).length).toBeGreaterThan(0);
    // What was written is playable now.
    for (const file of mediaFiles(callFolder)) {
      const probe = await probeMedia(path.join(callFolder, file));
      expect(probe.streams[0]!.packets, file).toBeGreaterThanOrEqual(
        file.includes('-video-') ? 2 * 15 : 2 * 50,
      );
    }

    restarted = await startTestServer({}, { dataDir });
    expect(await processesUsing(callFolder)).toEqual([]);
    const row = (await new RecordingStore(restarted.kysely).get(callId))!;
    expect(row).toMatchObject({ status: 'interrupted', folder: callFolder });
    const manifestFile = path.join(callFolder, 'manifest.json');
    expect(row.manifestSha256).toBe(await sha256File(manifestFile));
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as RecordingManifest;
    expect(manifest.interrupted).toBe(true);
    expect(manifest.tracks.map((t) => `${t.participantKey}/${t.kind}`).sort()).toEqual(
      ['customer/audio', 'customer/video', `teller:${tellerId}/audio`, `teller:${tellerId}/video`].sort(),
    );
    for (const segment of manifest.tracks.flatMap((t) => t.segments)) {
      const file = path.join(callFolder, segment.file);
      expect(segment.status).toBe('interrupted');
      expect(segment.sha256).toBe(await sha256File(file));
      expect(segment.bytes).toBe(fs.statSync(file).size);
      expect(segment.durationMs).toBeGreaterThanOrEqual(3000);
      // Finished by FFmpeg itself when the restart asked it to: trailer, duration and all.
      const probe = await probeMedia(file);
      expect(probe.streams[0]!.packets).toBeGreaterThan(0);
      expect(probe.finished).toBe(true);
    }
    expect(fs.readdirSync(callFolder).filter((f) => f.endsWith('.sdp'))).toEqual([]);
    expect(manifest.events.at(-1)).toMatchObject({ type: 'call.ended', data: { reason: 'server_shutdown' } });

    // The service had ended before the crash: its record is signed now, naming the manifest.
    const { token } = await login(restarted, 'supervisor1');
    const pdf = await binaryRequest(restarted, 'GET', `/api/calls/${callId}/record.pdf`, {
      headers: staffHeaders(token),
    });
    expect(pdf.status).toBe(200);
    const pdfFile = path.join(dataDir, 'record.pdf');
    fs.writeFileSync(pdfFile, pdf.body);
    expect(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' })).toContain(row.manifestSha256);
    expect(execFileSync('pdfsig', [pdfFile], { encoding: 'utf8' })).toContain('Signature is Valid');
  }, 120_000);
});
