/**
 * Operator CLI for calibration:
 *   npm run face -- compare A.jpg B.jpg   → { distance, threshold, outcome }
 *   npm run face -- evaluate DIR          → { pairs, falseAccepts, falseRejects, …, roc }
 * The threshold and review band come from the same SKYTELLER_FACE_* settings
 * as the server. Exit codes: 0 done, 1 usage or internal error, 2 `compare`'s
 * image was refused (no face, several faces, wrong type, too large, unreadable).
 * `evaluate` lists the photos that gave no single face under `notEnrolled`,
 * and reads the ROC off its pairs: the false non-match rate at false match
 * rates of 1 %, 0.1 % and 0 (no false accept), each with its threshold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config.js';
import { descriptorDistance } from '../rules/descriptor-distance.js';
import { matchOutcome } from '../rules/match-outcome.js';
import { countPairErrors, scorePairs, type LabelledDescriptor } from '../rules/pair-evaluation.js';
import { rocPoints } from '../rules/roc.js';
import { AppError } from '../../platform/errors.js';
import { FaceEngine } from './face-engine.js';

const USAGE = 'usage: npm run face -- compare A.jpg B.jpg | evaluate DIR';
const IMAGE_FILE = /^(.+?)__.*\.(jpe?g|png|webp)$/i;

class UsageError extends Error {}

// npm run starts scripts in the package folder; paths are meant from where the operator typed them.
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

function readImage(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(fromCaller(file)));
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}

const face = (engine: FaceEngine, file: string, bytes: Uint8Array) =>
  engine.singleFace(bytes).catch((error: unknown) => {
    if (error instanceof AppError) throw new AppError(error.code, `${file}: ${error.message}`);
    throw error;
  });

async function compare(engine: FaceEngine, a: string, b: string) {
  const config = loadConfig().face;
  // Both files are read before any job starts, so a bad path leaves no job behind.
  const [bytesA, bytesB] = [readImage(a), readImage(b)];
  const [first, second] = await Promise.all([face(engine, a, bytesA), face(engine, b, bytesB)]);
  const distance = descriptorDistance(first.descriptor, second.descriptor);
  const policy = { threshold: config.matchThreshold, reviewBand: config.reviewBand };
  return { distance, threshold: config.matchThreshold, outcome: matchOutcome(distance, policy) };
}

async function evaluate(engine: FaceEngine, dir: string) {
  const threshold = loadConfig().face.matchThreshold;
  if (!fs.statSync(fromCaller(dir), { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`${dir} is not a folder`);
  }
  const files = fs
    .readdirSync(fromCaller(dir))
    .filter((name) => IMAGE_FILE.test(name))
    .sort();
  if (files.length < 2)
    throw new UsageError(`${dir} holds fewer than two person__anything.jpg/.png/.webp files`);
  const images = files.map((name) => ({ name, bytes: readImage(path.join(dir, name)) }));
  // A photo that gives no face is reported and left out: one bad file must not hide the figures of the rest.
  const enrolled = await Promise.all(
    images.map(({ name, bytes }) =>
      engine.singleFace(bytes).then(
        (found): LabelledDescriptor => ({
          person: IMAGE_FILE.exec(name)![1]!,
          source: name,
          descriptor: found.descriptor,
        }),
        (error: unknown) => {
          if (error instanceof AppError) return { file: name, code: error.code };
          throw error;
        },
      ),
    ),
  );
  const labelled = enrolled.filter((item): item is LabelledDescriptor => 'descriptor' in item);
  const notEnrolled = enrolled.filter((item) => 'code' in item);
  const pairs = scorePairs(labelled);
  return {
    threshold,
    images: files.length,
    ...countPairErrors(pairs, threshold),
    notEnrolled,
    roc: rocPoints(pairs),
  };
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const job =
    command === 'compare' && rest.length === 2
      ? (engine: FaceEngine) => compare(engine, rest[0]!, rest[1]!)
      : command === 'evaluate' && rest.length === 1
        ? (engine: FaceEngine) => evaluate(engine, rest[0]!)
        : null;
  if (!job) throw new UsageError(USAGE);
  const engine = new FaceEngine({ workers: loadConfig().face.workers });
  try {
    console.log(JSON.stringify(await job(engine), null, 2));
    return 0;
  } finally {
    await engine.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof AppError) {
    console.error(JSON.stringify({ error: { code: error.code, message: error.message } }));
    process.exitCode = 2;
  } else {
    console.error(error instanceof UsageError ? error.message : error);
    process.exitCode = 1;
  }
}
