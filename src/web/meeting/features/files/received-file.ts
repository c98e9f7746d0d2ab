import { safeMime, sha256Hex } from './file-bytes.js';
import type { FileOffer } from './file-messages.js';
import type { Transfer } from './transfer.js';

/**
 * The last bytes arrived: puts the file together, checks its SHA-256 against the offer's,
 * and hands the transfer a URL to save it from. Returns whether it arrived intact.
 */
export async function completeReceived(
  parts: readonly BlobPart[],
  offer: FileOffer,
  transfer: Transfer,
): Promise<boolean> {
  transfer.verifying();
  const blob = new Blob([...parts], { type: safeMime(offer.mime) });
  const hash = blob.size === offer.size ? await sha256Hex(blob) : '';
  if (hash !== offer.sha256) {
    transfer.stop('damaged');
    return false;
  }
  transfer.setSha256(hash);
  transfer.done(URL.createObjectURL(blob));
  return true;
}
