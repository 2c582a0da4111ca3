// What went wrong with the camera, in the few kinds the desk can explain to staff in plain words.

export type CameraErrorKind = 'denied' | 'no-camera' | 'in-use' | 'other';

/** Classifies what getUserMedia (or play()) threw, by the DOMException names browsers use. */
export function cameraErrorKind(error: unknown): CameraErrorKind {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // old Chrome
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError': // old Chrome
    case 'OverconstrainedError':
      return 'no-camera';
    case 'NotReadableError':
    case 'TrackStartError': // old Chrome
    case 'AbortError':
      return 'in-use';
    default:
      return 'other';
  }
}
