/** Parses an anchor written as `SEQ:HASH` (the head a verification reported), or undefined when malformed. */
export function parseAnchor(text: string): { seq: number; hash: string } | undefined {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : undefined;
}
