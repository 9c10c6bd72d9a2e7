/**
 * One still of a playing video as a JPEG, scaled down to `width` pixels wide.
 * Null while the video has no picture yet. The canvas gets the camera's own
 * (unmirrored) image, whatever the preview's CSS does.
 */
export async function captureJpeg(
  video: HTMLVideoElement,
  width: number,
  quality: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!video.videoWidth || !video.videoHeight) return null;
  const canvas = document.createElement('canvas');
  canvas.width = Math.min(width, video.videoWidth);
  canvas.height = Math.round((canvas.width * video.videoHeight) / video.videoWidth);
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}
