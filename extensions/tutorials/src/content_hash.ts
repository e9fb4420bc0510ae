// The content hash of a notebook: FNV-1a 64-bit over its cells' types and
// sources. lite/stamp_tutorials.py computes the same at build time; it needs
// no crypto.subtle, which plain-http hosts lack.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

interface ICellLike {
  cell_type: string;
  source: string | string[];
}

/** The text hashed: one record per cell, `type \x1f source \x1e`. */
export function canonicalCells(cells: readonly ICellLike[]): string {
  return cells
    .map(cell => {
      const source = Array.isArray(cell.source)
        ? cell.source.join('')
        : cell.source;
      return `${cell.cell_type}\u001f${source}\u001e`;
    })
    .join('');
}

export function contentHash(cells: readonly ICellLike[]): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(canonicalCells(cells))) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
