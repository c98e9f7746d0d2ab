import { warmUpServerDecoding } from '../protocol/index.js';

/** How long the throwaway connection may gather before it is closed anyway. */
const WARM_GATHER_MS = 300;

let warm: Promise<RTCCertificate | null> | null = null;
/** The warm-up's outcome once it finished (read without waiting a turn of the event loop). */
let done: { readonly certificate: RTCCertificate | null } | null = null;

/**
 * Gets WebRTC ready before the user joins, so none of it lands on the join path: validates
 * made-up copies of the first server messages (decode-warmup.ts), generates the DTLS
 * certificate every connection of this page uses, and runs one throwaway offer so the
 * browser sets up its WebRTC threads, network list and codec factories now. The first
 * real connection of a page otherwise pays for all of that. Call it as the page loads (a
 * pre-join screen); `Mesh` calls it too. Idempotent; never rejects.
 */
export function prewarm(): Promise<RTCCertificate | null> {
  warm ??= warmUp().then((certificate) => {
    done = { certificate };
    return certificate;
  });
  return warm;
}

/**
 * The warm-up's certificate if it has finished (null: none could be made), undefined while
 * it has not: a join after the warm-up goes out at once, in the click's own task.
 */
export function prewarmed(): RTCCertificate | null | undefined {
  return done?.certificate;
}

async function warmUp(): Promise<RTCCertificate | null> {
  // The first messages' validation, which is otherwise slow the first time (decode-warmup.ts).
  warmUpServerDecoding();
  if (typeof RTCPeerConnection === 'undefined') return null;
  let certificate: RTCCertificate | null = null;
  try {
    const algorithm: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
    certificate = await RTCPeerConnection.generateCertificate(algorithm);
  } catch {
    // Connections generate their own then.
  }
  let pc: RTCPeerConnection | null = null;
  try {
    pc = new RTCPeerConnection(certificate === null ? {} : { certificates: [certificate] });
    // The same m-lines a Peer negotiates: audio, video, data.
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    pc.createDataChannel('warm-up');
    await pc.setLocalDescription();
    await gathered(pc);
  } catch {
    // A warm-up that fails changes nothing; the real connections still work.
  } finally {
    pc?.close();
  }
  return certificate;
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, WARM_GATHER_MS);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}
