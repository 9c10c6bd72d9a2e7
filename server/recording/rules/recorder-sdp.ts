import type { types } from 'mediasoup';

/**
 * The SDP FFmpeg reads to receive one consumer's RTP on `port` (loopback).
 * RTCP comes muxed on the same port; FFmpeg's RTP reader tells RTCP packets
 * apart by their payload type, so no separate RTCP port is needed.
 */
export function recorderSdp(kind: types.MediaKind, rtpParameters: types.RtpParameters, port: number): string {
  const codec = rtpParameters.codecs[0];
  if (!codec) throw new Error('the consumer has no codec');
  const [, encoding] = codec.mimeType.split('/');
  const pt = codec.payloadType;
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=skyteller-recorder',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${pt}`,
    `a=rtpmap:${pt} ${encoding}/${codec.clockRate}${codec.channels ? `/${codec.channels}` : ''}`,
    ...(fmtp ? [`a=fmtp:${pt} ${fmtp}`] : []),
    'a=rtcp-mux',
    'a=recvonly',
    '',
  ].join('\r\n');
}

/** The port an SDP made by `recorderSdp` tells FFmpeg to read. */
export function sdpPort(sdp: string): number | undefined {
  const match = /^m=\w+ (\d+) /m.exec(sdp);
  return match ? Number(match[1]) : undefined;
}
