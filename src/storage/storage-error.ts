// Storage failures as one typed error the UI can show in words, instead of a raw DOMException.

export type StorageErrorKind =
  /** The device is out of space: nothing of the failed write was saved. */
  | 'quota'
  /** Another tab holds an older version open, so this one cannot finish updating. */
  | 'blocked'
  /** Another tab updated (or a newer version used) the storage: this tab must reload. */
  | 'versionchange'
  /** No IndexedDB (some private modes), or the browser closed or lost it. */
  | 'unavailable'
  /** A record needs the enrolment's deviceId and venueId. */
  | 'not-enrolled'
  /** The storage refuses this input (another venue's record, a second undo of one use, …). */
  | 'refused'
  /** A use needs more card tickets than this desk's share holds (another tab handed them out). */
  | 'share-spent';

const MESSAGES: Record<StorageErrorKind, string> = {
  quota: "The device's storage is full, so nothing was saved. Free up space on the device and try again.",
  blocked: 'Kaiku Desk is open in another tab with an older version. Close the other Kaiku Desk tabs so this one can finish updating.',
  versionchange: 'Kaiku Desk was updated in another tab. Reload this tab to go on.',
  unavailable: "The desk cannot use this browser's storage (a private window, or the browser closed it). Reload the page; if it happens again, check the browser's storage settings.",
  'not-enrolled': 'This desk is not enrolled yet. Enrol it before taking cards.',
  refused: 'The desk refused to save this.',
  'share-spent': "This desk's card tickets for this event are used up.",
};

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly kind: StorageErrorKind,
    message: string = MESSAGES[kind],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Maps what IndexedDB throws to a StorageError. `lost` says why the connection is gone, if it is.
 * Anything else (a TypeError, a DataError from a bad key) is a bug and is returned unchanged.
 */
export function toStorageError(error: unknown, lost: StorageError | null = null): unknown {
  if (error instanceof StorageError) return error;
  const name = error instanceof Error || isDomException(error) ? error.name : '';
  switch (name) {
    case 'QuotaExceededError':
      return new StorageError('quota', undefined, { cause: error });
    case 'VersionError':
      // The database on disk is newer than this code: a newer version ran here, this tab is old.
      return new StorageError('versionchange', undefined, { cause: error });
    case 'InvalidStateError':
      // Used after close(): tell why it closed.
      return lost ?? new StorageError('unavailable', undefined, { cause: error });
    case 'UnknownError':
    case 'NotReadableError':
    case 'AbortError':
    case 'SecurityError':
      return lost ?? new StorageError('unavailable', undefined, { cause: error });
    default:
      return error;
  }
}

// DOMException is not an Error subclass everywhere (older engines, some fakes).
function isDomException(v: unknown): v is DOMException {
  return typeof DOMException !== 'undefined' && v instanceof DOMException;
}
