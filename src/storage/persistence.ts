// Asking the browser to keep the desk's storage under pressure instead of evicting it, with the
// records not yet uploaded in it.

export type Persistence = 'granted' | 'denied' | 'unsupported';

export async function requestPersistence(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<Persistence> {
  if (!storage?.persist) return 'unsupported';
  return (await storage.persist()) ? 'granted' : 'denied';
}
