import { AppError } from '../../server/errors.js';
import type { LabelledDescriptor } from '../../server/domain/face/pair-evaluation.js';
import type { FaceEngine } from '../../server/face/face-engine.js';
import { AUGMENTATIONS, decodeFixture, encodeJpeg } from './face-augmentations.js';
import { GROUP_PHOTOS, PORTRAITS, readFaceFixture } from './face-fixtures.js';

export interface CalibrationSet {
  labelled: LabelledDescriptor[];
  /** Variants in which the detector found no single face: a detection miss, not a distance. */
  undetected: string[];
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

async function portraitDescriptors(engine: FaceEngine, set: CalibrationSet): Promise<void> {
  const jobs = Object.entries(PORTRAITS).flatMap(([person, files]) =>
    files.flatMap(variantsOf).map(async ([source, bytes]) => {
      try {
        set.labelled.push({ person, source, descriptor: (await engine.singleFace(bytes)).descriptor });
      } catch (error) {
        if (!(error instanceof AppError) || !error.code.startsWith('face_')) throw error;
        set.undetected.push(source);
      }
    }),
  );
  await Promise.all(jobs);
}

async function groupDescriptors(engine: FaceEngine, set: CalibrationSet): Promise<void> {
  const analyses = await Promise.all(GROUP_PHOTOS.map((file) => engine.analyse(readFaceFixture(file))));
  analyses.forEach((analysis, photo) =>
    analysis.faces.forEach((face, i) => {
      const source = `${GROUP_PHOTOS[photo]}#${i + 1}`;
      set.labelled.push({ person: source, source, descriptor: face.descriptor! });
    }),
  );
}

/**
 * The calibration set: every portrait and its augmentations, plus every face
 * of the group photos, with descriptors from the ssd path as match frames use.
 * Sorted by source so pairs come out in the same order on every run.
 */
export async function calibrationSet(engine: FaceEngine): Promise<CalibrationSet> {
  const set: CalibrationSet = { labelled: [], undetected: [] };
  await Promise.all([portraitDescriptors(engine, set), groupDescriptors(engine, set)]);
  set.labelled.sort((a, b) => a.source.localeCompare(b.source));
  set.undetected.sort();
  return set;
}
