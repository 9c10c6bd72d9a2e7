/** Deeper than any contract's payload goes; a deeper value is refused before anything walks it recursively. */
export const MAX_PAYLOAD_DEPTH = 32;

/**
 * Whether `value` nests arrays or objects more than `maxDepth` levels deep.
 * Iterative, so a value of thousands of levels cannot exhaust the stack here,
 * and it stops at the first level too deep. Byte arrays count as leaves.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(node)) pending.push({ node: child, depth: depth + 1 });
  }
  return false;
}
