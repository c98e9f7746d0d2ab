/** SHA-256 of some bytes, lower-case hex. */
export async function sha256Hex(data: ArrayBuffer | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  // Well below the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 8192)
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(text);
}

/** Null for text that is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A name that is safe to save under: no folders, no control characters, not empty. */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';

  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/** A MIME type as the sender says, if it looks like one; else plain bytes. */
export function safeMime(mime: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime : 'application/octet-stream';
}

/** `1.2 MB`, `830 kB`, `12 B` (SI, like file managers). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${String(bytes)}\u00a0B`;
  if (bytes < 1_000_000) return `${String(Math.round(bytes / 1000))}\u00a0kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)}\u00a0MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)}\u00a0GB`;
}
