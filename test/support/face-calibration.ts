import { AppError } from '../../server/platform/errors.js';
import type { LabelledDescriptor } from '../../server/face/rules/pair-evaluation.js';
import type { FaceEngine } from '../../server/face/engine/face-engine.js';
import type { AnalyseOptions } from '../../server/face/engine/face-findings.js';
import { AUGMENTATIONS, decodeFixture, encodeJpeg } from './face-augmentations.js';
import { GROUP_PHOTOS, PORTRAITS, readFaceFixture } from './face-fixtures.js';

type Detector = AnalyseOptions['detector'];

export interface DescriptorSet {
  labelled: LabelledDescriptor[];
  /** Variants in which the detector found no single face: a detection miss, not a distance. */
  undetected: string[];
}

export interface CalibrationSet {
  /** The ssd path, as reference photos are analysed. */
  references: DescriptorSet;
  /** The tiny path, as challenge frames are analysed. */
  live: DescriptorSet;
}

/** A portrait as taken, then each augmentation of it re-encoded as JPEG. */
function variantsOf(file: string): [string, Uint8Array][] {
  const original = readFaceFixture(file);
  const image = decodeFixture(original);
  return [
    [file, original],
    ...Object.entries(AUGMENTATIONS).map(([name, augment]): [string, Uint8Array] => [
      `${file}+${name}`,
      encodeJpeg(augment(image), 95),
    ]),
  ];
}

const PORTRAIT_VARIANTS = () =>
  Object.entries(PORTRAITS).flatMap(([person, files]) =>
    files.flatMap(variantsOf).map(([source, bytes]) => ({ person, source, bytes })),
  );

async function portraitDescriptors(engine: FaceEngine, detector: Detector, set: DescriptorSet) {
  const jobs = PORTRAIT_VARIANTS().map(async ({ person, source, bytes }) => {
    try {
      set.labelled.push({
        person,
        source,
        descriptor: (await engine.singleFace(bytes, detector)).descriptor,
      });
    } catch (error) {
      if (!(error instanceof AppError) || !error.code.startsWith('face_')) throw error;
      set.undetected.push(source);
    }
  });
  await Promise.all(jobs);
}

async function groupDescriptors(engine: FaceEngine, detector: Detector, set: DescriptorSet) {
  const analyses = await Promise.all(
    GROUP_PHOTOS.map((file) => engine.analyse(readFaceFixture(file), { detector })),
  );
  analyses.forEach((analysis, photo) =>
    analysis.faces.forEach((face, i) => {
      const source = `${GROUP_PHOTOS[photo]}#${i + 1}`;
      set.labelled.push({
        person: source,
        source,
        picture: GROUP_PHOTOS[photo]!,
        descriptor: face.descriptor!,
      });
    }),
  );
}

/** Every portrait and its augmentations plus every face of the group photos, through one detector. */
async function descriptorSet(engine: FaceEngine, detector: Detector): Promise<DescriptorSet> {
  const set: DescriptorSet = { labelled: [], undetected: [] };
  await Promise.all([portraitDescriptors(engine, detector, set), groupDescriptors(engine, detector, set)]);
  // Sorted by source so pairs come out in the same order on every run.
  set.labelled.sort((a, b) => a.source.localeCompare(b.source));
  set.undetected.sort();
  return set;
}

/**
 * The calibration set twice: through the ssd path, as reference photos are
 * analysed, and through the tiny path, as challenge frames are.
 */
export async function calibrationSet(engine: FaceEngine): Promise<CalibrationSet> {
  const references = await descriptorSet(engine, 'ssd');
  const live = await descriptorSet(engine, 'tiny');
  return { references, live };
}
