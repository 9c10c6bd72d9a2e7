import fs from 'node:fs';
import path from 'node:path';
import type { FaceEngine } from '../../server/face/engine/face-engine.js';
import type { LabelledDescriptor } from '../../server/face/rules/pair-evaluation.js';
import { FACE_FIXTURES_DIR, GROUP_PHOTOS, PORTRAITS, readFaceFixture } from './face-fixtures.js';

/**
 * The photos the threshold is chosen on and the photos it is judged on, split
 * by person so that nobody on the held-out side was seen while tuning: half of
 * the labelled 150×150 portraits' people, and half of everything else.
 */
export const TUNING_PEOPLE = ['amy', 'bernadette', 'howard', 'leonard'];
export const HELD_OUT_PEOPLE = ['penny', 'raj', 'sheldon', 'stuart'];
const TUNING_GROUPS = GROUP_PHOTOS.slice(0, 3);

export type Part = 'tuning' | 'heldOut';

export interface LabelledPhoto {
  /** Path under test/fixtures/faces. */
  file: string;
  /** Who is in it; null for a group photo, whose faces are all different people. */
  person: string | null;
  /** The labelled 150×150 portraits, the kind of photo the accuracy target is set on. */
  portrait: boolean;
}

export interface PartDescriptors {
  /** Every face found: labelled portraits, the other portraits and every face of the group photos. */
  all: LabelledDescriptor[];
  /** Only the labelled 150×150 portraits. */
  portraits: LabelledDescriptor[];
  /** Photos that gave no single face. */
  notEnrolled: string[];
}

/** One half's photos, in a fixed order. */
export function labelledPhotos(part: Part): LabelledPhoto[] {
  const people = part === 'tuning' ? TUNING_PEOPLE : HELD_OUT_PEOPLE;
  const portraits = fs
    .readdirSync(path.join(FACE_FIXTURES_DIR, 'labelled'))
    .filter((file) => people.includes(file.split('__')[0]!))
    .sort()
    .map((file) => ({ file: `labelled/${file}`, person: file.split('__')[0]!, portrait: true }));
  // vlado's nine photos tune; Eileen Collins's one is held out (one photo gives only different-person pairs).
  const others = Object.entries(PORTRAITS)
    .filter(([person]) => (part === 'tuning') === (person === 'vlado'))
    .flatMap(([person, files]) => files.map((file) => ({ file, person, portrait: false })));
  const groups = GROUP_PHOTOS.filter((file) => TUNING_GROUPS.includes(file) === (part === 'tuning')).map(
    (file) => ({ file, person: null, portrait: false }),
  );
  return [...portraits, ...others, ...groups];
}

/** One half of the labelled set through the ssd path, as reference photos are analysed. */
export async function labelledPart(engine: FaceEngine, part: Part): Promise<PartDescriptors> {
  const set: PartDescriptors = { all: [], portraits: [], notEnrolled: [] };
  const found = await Promise.all(
    labelledPhotos(part).map(async ({ file, person, portrait }) => {
      if (person === null) {
        const { faces } = await engine.analyse(readFaceFixture(file));
        return faces.map((face, i) => ({
          portrait,
          descriptor: {
            person: `${file}#${i + 1}`,
            source: `${file}#${i + 1}`,
            picture: file,
            descriptor: face.descriptor!,
          },
        }));
      }
      try {
        const face = await engine.singleFace(readFaceFixture(file));
        return [{ portrait, descriptor: { person, source: file, descriptor: face.descriptor } }];
      } catch {
        set.notEnrolled.push(file);
        return [];
      }
    }),
  );
  set.all = found.flat().map((f) => f.descriptor);
  set.portraits = found
    .flat()
    .filter((f) => f.portrait)
    .map((f) => f.descriptor);
  set.notEnrolled.sort();
  return set;
}
