import type { loadFaceRuntime } from './face-runtime.js';
import type { AnalyseOptions, FaceFinding, ImageAnalysis } from './face-findings.js';
import type { RgbImage } from './rgb-image.js';
import { faceThumbnail } from './thumbnail.js';
import { FaceDescriber } from './face-describer.js';
import { borderFor, TIGHT_CROP_BORDERS, withoutBorder } from '../rules/tight-crop.js';
import { meanLuma, withBorder } from './rgb-image.js';

type FaceApi = Awaited<ReturnType<typeof loadFaceRuntime>>;

// Library defaults, except the tiny detector's input: 320 rather than 416.
// A face at webcam distance fills a good part of a 640×480 frame, which 320
// still finds (browser test, calibration), at 0.6× the cost.
const SSD_MIN_CONFIDENCE = 0.5;
const TINY_INPUT_SIZE = 320;
const TINY_SCORE_THRESHOLD = 0.5;

/** Runs detection, landmarks and descriptors on decoded pictures; lives inside a worker. */
export class FaceAnalyzer {
  private readonly describer: FaceDescriber;

  constructor(private readonly faceapi: FaceApi) {
    this.describer = new FaceDescriber(faceapi);
  }

  private detectorOptions(detector: AnalyseOptions['detector']) {
    return detector === 'ssd'
      ? new this.faceapi.SsdMobilenetv1Options({ minConfidence: SSD_MIN_CONFIDENCE })
      : new this.faceapi.TinyFaceDetectorOptions({
          inputSize: TINY_INPUT_SIZE,
          scoreThreshold: TINY_SCORE_THRESHOLD,
        });
  }

  private async findFaces(input: unknown, options: AnalyseOptions): Promise<FaceFinding[]> {
    const tensor = input as Parameters<FaceApi['detectAllFaces']>[0];
    const results = await this.faceapi
      .detectAllFaces(tensor, this.detectorOptions(options.detector))
      .withFaceLandmarks();
    return results.map((result) => {
      const { x, y, width, height } = result.detection.box;
      return {
        score: result.detection.score,
        box: { x, y, width, height },
        landmarks: result.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
      };
    });
  }

  async analyse(image: RgbImage, options: AnalyseOptions): Promise<ImageAnalysis> {
    let faces = await this.facesIn(image, options);
    for (const fraction of options.tightCropRetry ? TIGHT_CROP_BORDERS : []) {
      if (faces.length > 0) break;
      const border = borderFor(image.width, image.height, fraction);
      const found = await this.facesIn(withBorder(image, border), options);
      faces = found.map((face) => ({
        ...face,
        box: { ...face.box, ...withoutBorder(face.box, border) },
        landmarks: face.landmarks.map((point) => withoutBorder(point, border)),
      }));
    }
    if (options.descriptors) {
      // Described on the picture itself, after a border retry too: see FaceDescriber.
      for (const face of faces) face.descriptor = await this.describer.describe(image, face.landmarks);
    }
    const analysis: ImageAnalysis = {
      width: image.width,
      height: image.height,
      meanLuma: meanLuma(image),
      faces,
    };
    if (options.thumbnail && faces.length === 1) analysis.thumbnail = faceThumbnail(image, faces[0]!.box);
    return analysis;
  }

  private async facesIn(image: RgbImage, options: AnalyseOptions): Promise<FaceFinding[]> {
    const tensor = this.faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      return await this.findFaces(tensor, options);
    } finally {
      tensor.dispose();
    }
  }
}
