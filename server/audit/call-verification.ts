import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AuditVerifyResult, ChainVerdict, VerifyFinding } from '../../shared/contracts/auditor.js';
import { MANIFEST_FILE, type RecordingFiles, type RecordingRow } from '../recording/index.js';
import { recordedManifestSha256, UnreadablePdfError, verifyRecord } from '../service/index.js';

type FilesCheck = NonNullable<AuditVerifyResult['files']>;
type Mismatch = FilesCheck['mismatches'][number];

/** What an empty segment (nothing reached its file) is listed with. */
const NOTHING_SHA256 = crypto.createHash('sha256').digest('hex');

/**
 * Re-hashes every file the manifest lists and checks the manifest's own hash
 * against the one stored on the call when the recording ended. A purged
 * recording has only its manifest left to check.
 */
export async function checkRecordingFiles(
  recording: RecordingRow | undefined,
  files: RecordingFiles,
): Promise<FilesCheck | null> {
  const failed = (finding: VerifyFinding, mismatches: Mismatch[] = []) => ({
    ok: false,
    finding,
    mismatches,
  });
  if (!recording) return null;
  if (recording.status === 'recording') return failed({ code: 'recording_not_ended' });
  const read = await files.manifest(recording);
  if (read.status === 'missing')
    return failed({ code: 'manifest_missing' }, [{ file: MANIFEST_FILE, problem: 'missing' }]);
  if (read.sha256 !== recording.manifestSha256) {
    return failed({ code: 'manifest_hash_mismatch' }, [{ file: MANIFEST_FILE, problem: 'hash_mismatch' }]);
  }
  if (read.status === 'unreadable') return failed({ code: 'manifest_unreadable' });
  if (recording.status === 'purged') {
    return {
      ok: true,
      finding: { code: 'purged_manifest_ok', purgedAt: recording.purgedAt ?? 0 },
      mismatches: [],
    };
  }
  const mismatches: Mismatch[] = [];
  const segments = read.manifest.tracks.flatMap((t) => t.segments);
  for (const segment of segments) {
    // Where the bytes are kept: the call's folder, or the object the manifest names.
    const sha256 = await files.sha256(recording, segment);
    if (sha256 === undefined) {
      if (segment.bytes !== 0 || segment.sha256 !== NOTHING_SHA256)
        mismatches.push({ file: segment.file, problem: 'missing' });
    } else if (sha256 !== segment.sha256) {
      mismatches.push({ file: segment.file, problem: 'hash_mismatch' });
    }
  }
  if (mismatches.length > 0)
    return failed({ code: 'files_mismatch', count: mismatches.length, total: segments.length }, mismatches);
  return { ok: true, finding: { code: 'files_ok', total: segments.length }, mismatches: [] };
}

/**
 * The record's signature, that it is the file stored for the call, and that
 * it names the recording's manifest hash (a record signed before its call's
 * recording ended names none, and so do calls without a recording).
 */
export async function checkRecord(
  record: { file: string; sha256: string } | undefined,
  manifestSha256: string | null,
): Promise<AuditVerifyResult['record']> {
  if (!record) return null;
  let pdf: Buffer;
  try {
    pdf = fs.readFileSync(record.file);
  } catch {
    return { ok: false, finding: { code: 'record_missing' } };
  }
  const storedDiffers = crypto.createHash('sha256').update(pdf).digest('hex') !== record.sha256;
  try {
    const v = verifyRecord(pdf);
    if (!(v.valid && v.coversWholeDocument && !v.modifiedAfterSigning && !storedDiffers))
      return { ok: false, finding: { code: 'signature_broken', problems: v.problems, storedDiffers } };
    const named = (await recordedManifestSha256(pdf)) ?? null;
    if (manifestSha256 && named !== manifestSha256)
      return { ok: false, finding: { code: 'record_names_other_manifest', named } };
    return {
      ok: true,
      finding: {
        code: 'record_ok',
        level: v.level ?? null,
        signer: v.signer?.subject ?? null,
        signedAt: v.signedAt ?? null,
        namesManifest: named !== null,
      },
    };
  } catch (error) {
    if (!(error instanceof UnreadablePdfError)) throw error;
    return { ok: false, finding: { code: 'record_unreadable', storedDiffers } };
  }
}

export function checkChain(verdict: ChainVerdict): AuditVerifyResult['chain'] {
  if (verdict.ok) {
    return { ok: true, finding: { code: 'chain_ok', entries: verdict.entries }, firstBroken: null };
  }
  const broken = verdict.firstBroken!;
  return {
    ok: false,
    finding: { code: 'chain_broken', seq: broken.seq, reason: broken.reason },
    firstBroken: broken.seq,
  };
}
