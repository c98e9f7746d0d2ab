/** Why a getUserMedia call failed, in the terms a person can act on. */
export type DeviceFailure = 'denied' | 'absent' | 'busy' | 'failed';

/** What the pre-join page and the meeting say about the local devices; null: all fine. */
export type MediaProblem =
  | 'insecure'
  | 'denied'
  | 'camera-denied'
  | 'no-devices'
  | 'no-camera'
  | 'no-microphone'
  | 'busy'
  | 'failed';

/** Maps a getUserMedia rejection (a DOMException by name) to what it means. */
export function classifyMediaError(error: unknown): DeviceFailure {
  const name = error instanceof Error || isNamed(error) ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'absent';
    case 'NotReadableError':
    case 'AbortError':
    case 'TrackStartError':
      return 'busy';
    default:
      return 'failed';
  }
}

/**
 * The problem to show after trying the devices that exist. `camera`/`microphone` are what
 * each kind ended in: a track (`ok`), a failure, or `none` when no such device exists.
 */
export function mediaProblem(
  camera: DeviceFailure | 'ok' | 'none',
  microphone: DeviceFailure | 'ok' | 'none',
): MediaProblem | null {
  if (camera === 'ok' && microphone === 'ok') return null;
  const missing = (kind: typeof camera) => kind === 'none' || kind === 'absent';
  if (missing(camera) && missing(microphone)) return 'no-devices';
  if (camera === 'denied' && (microphone === 'denied' || missing(microphone))) return 'denied';
  if (camera === 'denied') return 'camera-denied';
  if (microphone === 'denied') return 'denied';
  if (camera === 'busy' || microphone === 'busy') return 'busy';
  if (camera === 'failed' || microphone === 'failed') return 'failed';
  return missing(camera) ? 'no-camera' : 'no-microphone';
}

function isNamed(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string'
  );
}
