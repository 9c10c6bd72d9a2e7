// What other features may use of this one.
export { CallRecorder } from './call-recorder.js';
export { MANIFEST_FILE, sha256File } from './manifest-writer.js';
export { RecordingFiles } from './recording-files.js';
export { createRecordingStorage } from './recording-storage-setup.js';
export type { RecordingStorage } from './recording-storage.js';
export { fileInFolder, readManifest } from './recording-folder.js';
export { recordingRoutes } from './recording-http.js';
export { RecordingStore } from './recording-store.js';
export type { RecordingRow } from './recording-store.js';
export { RetentionJob } from './retention-job.js';
export { buildManifest } from './rules/recording-manifest.js';
export type { DescribedSegment, RecordingManifest } from './rules/recording-manifest.js';
