import { encode } from 'uqr';

export interface QrDrawing {
  /** Modules per side, quiet zone included. */
  readonly size: number;
  /** An SVG path of one 1×1 square per dark module. */
  readonly path: string;
}

/**
 * The QR code of a text, as one SVG path (uqr encodes: byte mode, error correction M so
 * a phone still reads it from a screen with glare; 2 modules of quiet zone).
 */
export function qrDrawing(text: string): QrDrawing {
  const { size, data } = encode(text, { ecc: 'M', border: 2 });
  let path = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${String(x)} ${String(y)}h1v1h-1z`;
    });
  });
  return { size, path };
}
