/** One `inbound-rtp` entry of a receive transport, as a plain object. */
export interface InboundStat {
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
  packetsLost: number;
  /** Seconds. */
  jitter: number;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function inboundStats(report: RTCStatsReport): InboundStat[] {
  const entries: InboundStat[] = [];
  report.forEach((entry: Record<string, unknown>) => {
    // mediasoup-client's bandwidth probator shows up as a video stream that is never decoded.
    if (entry.type !== 'inbound-rtp' || entry.mid === 'probator' || entry.trackIdentifier === 'probator')
      return;
    entries.push({
      kind: String(entry.kind ?? entry.mediaType ?? ''),
      framesDecoded: numberOr0(entry.framesDecoded),
      packetsReceived: numberOr0(entry.packetsReceived),
      bytesReceived: numberOr0(entry.bytesReceived),
      packetsLost: numberOr0(entry.packetsLost),
      jitter: numberOr0(entry.jitter),
    });
  });
  return entries;
}
