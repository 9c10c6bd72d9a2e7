import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AuditVerifyResult, ChainVerdict } from '../../shared/contracts/auditor.js';
import {
  fileInFolder,
  MANIFEST_FILE,
  readManifest,
  sha256File,
  type RecordingRow,
} from '../recording/index.js';
import { recordedManifestSha256, UnreadablePdfError, verifyRecord } from '../service/index.js';

type FilesCheck = AuditVerifyResult['files'];
type Mismatch = FilesCheck['mismatches'][number];

/** What an empty segment (nothing reached its file) is listed with. */
const NOTHING_SHA256 = crypto.createHash('sha256').digest('hex');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Re-hashes every file the manifest lists and checks the manifest's own hash
 * against the one stored on the call when the recording ended. A purged
 * recording has only its manifest left to check.
 */
export async function checkRecordingFiles(recording: RecordingRow | undefined): Promise<FilesCheck> {
  const failed = (detail: string, mismatches: Mismatch[] = []) => ({ ok: false, detail, mismatches });
  if (!recording) return failed('The call has no recording.');
  if (recording.status === 'recording') return failed('The recording has not ended: it has no manifest yet.');
  const read = readManifest(recording.folder);
  if (read.status === 'missing')
    return failed('manifest.json is missing.', [{ file: MANIFEST_FILE, problem: 'missing' }]);
  if (read.sha256 !== recording.manifestSha256) {
    return failed('manifest.json does not match the SHA-256 stored for the call when the recording ended.', [
      { file: MANIFEST_FILE, problem: 'hash_mismatch' },
    ]);
  }
  if (read.status === 'unreadable')
    return failed('manifest.json matches its stored hash but cannot be read.');
  if (recording.status === 'purged') {
    const when = new Date(recording.purgedAt ?? 0).toISOString();
    return {
      ok: true,
      detail: `The media files were deleted by the retention policy on ${when}; manifest.json matches its stored hash.`,
      mismatches: [],
    };
  }
  const mismatches: Mismatch[] = [];
  const segments = read.manifest.tracks.flatMap((t) => t.segments);
  for (const segment of segments) {
    const file = fileInFolder(recording.folder, segment.file);
    if (!file || !fs.existsSync(file)) {
      if (segment.bytes !== 0 || segment.sha256 !== NOTHING_SHA256)
        mismatches.push({ file: segment.file, problem: 'missing' });
    } else if ((await sha256File(file)) !== segment.sha256) {
      mismatches.push({ file: segment.file, problem: 'hash_mismatch' });
    }
  }
  if (mismatches.length > 0) {
    const named = mismatches.map((m) => `${m.file} (${m.problem === 'missing' ? 'missing' : 'changed'})`);
    return failed(
      `${plural(mismatches.length, 'file')} of ${segments.length} do not match the manifest: ${named.join(', ')}.`,
      mismatches,
    );
  }
  return {
    ok: true,
    detail: `manifest.json and its ${plural(segments.length, 'media file')} match their SHA-256.`,
    mismatches: [],
  };
}

/** The signed record: our own PAdES verifier, and the file's hash against the one stored when it was written. */
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
    return { ok: false, detail: 'The record file is missing.' };
  }
  const stored = crypto.createHash('sha256').update(pdf).digest('hex') === record.sha256;
  const storedNote = stored ? '' : ' The file is not the one stored for the call (its SHA-256 differs).';
  try {
    const v = verifyRecord(pdf);
    if (!(v.valid && v.coversWholeDocument && !v.modifiedAfterSigning && stored)) {
      const problems = v.problems.length > 0 ? v.problems.join(', ') : 'none found';
      return { ok: false, detail: `The signature does not hold (problems: ${problems}).${storedNote}` };
    }
    const named = await recordedManifestSha256(pdf);
    if (manifestSha256 && named !== manifestSha256) {
      const says = named ? `names manifest ${named.slice(0, 12)}…` : 'names no recording manifest';
      return { ok: false, detail: `The signature holds, but the record ${says}, not this call's recording.` };
    }
    const when = v.signedAt ? `, timestamped ${v.signedAt}` : '';
    const binds = named ? ' It names the recording manifest’s SHA-256.' : '';
    return {
      ok: true,
      detail: `${v.level} signature by ${v.signer?.subject ?? 'an unnamed signer'}${when}: intact, covering the whole file.${binds}`,
    };
  } catch (error) {
    if (!(error instanceof UnreadablePdfError)) throw error;
    return { ok: false, detail: `The record file is not a readable PDF.${storedNote}` };
  }
}

export function checkChain(verdict: ChainVerdict): AuditVerifyResult['chain'] {
  if (verdict.ok) {
    return {
      ok: true,
      detail: `The audit chain's ${verdict.entries} entries link and hash correctly.`,
      firstBroken: null,
    };
  }
  const broken = verdict.firstBroken!;
  return {
    ok: false,
    detail: `The audit chain breaks at entry ${broken.seq} (${broken.reason}): ${broken.message}`,
    firstBroken: broken.seq,
  };
}
