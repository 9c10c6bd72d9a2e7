import type * as Tfjs from '@tensorflow/tfjs';
import type { loadFaceRuntime } from './face-runtime.js';
import { DESCRIPTOR_MODEL } from './descriptor-model.js';
import { cropToPicture, faceCrop } from '../rules/face-alignment.js';
import type { Landmarks68 } from '../rules/landmarks.js';
import { sampleSquare, type RgbImage } from './rgb-image.js';

type FaceApi = Awaited<ReturnType<typeof loadFaceRuntime>>;

/**
 * The descriptor of one face: its eye-levelled crop (DESCRIPTOR_MODEL) through
 * face-api's recognition net. The crop is cut from the picture itself, so a
 * face found inside a tight-crop border is described the same as one found
 * without it; points past the picture's edge repeat the edge.
 */
export class FaceDescriber {
  constructor(private readonly faceapi: FaceApi) {}

  async describe(image: RgbImage, landmarks: Landmarks68): Promise<Float32Array> {
    const { size, geometry } = DESCRIPTOR_MODEL;
    const crop = faceCrop(landmarks, geometry);
    const pixels = sampleSquare(image, size, (u, v) => cropToPicture(crop, size, u, v));
    // face-api's typings narrow its tf re-export; at run time it is the whole @tensorflow/tfjs.
    const tf = this.faceapi.tf as unknown as typeof Tfjs;
    const input = tf.tensor3d(pixels, [size, size, 3]);
    try {
      const descriptor = await this.faceapi.computeFaceDescriptor(
        input as unknown as Parameters<FaceApi['computeFaceDescriptor']>[0],
      );
      return descriptor as Float32Array;
    } finally {
      input.dispose();
    }
  }
}
