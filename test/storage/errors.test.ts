import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBObjectStore, forceCloseDatabase } from 'fake-indexeddb';
import type { Envelope } from '../../src/core/bundle.ts';
import { openDeskDb } from '../../src/storage/db.ts';
import type { Migration } from '../../src/storage/migrations.ts';
import { MIGRATIONS } from '../../src/storage/migrations.ts';
import { requestPersistence } from '../../src/storage/persistence.ts';
import { StorageError, toStorageError } from '../../src/storage/storage-error.ts';
import { T0, enrolledDesk, openDesk, use } from './fixture.ts';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
/** A next version, as a newer build in another tab would bring. */
const v2: Migration = { version: MIGRATIONS.length + 1, upgrade: () => undefined };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('quota', () => {
  it('a QuotaExceededError from a put is a StorageError of kind quota, in words', async () => {
    const { store } = await openDesk();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quota();
    });
    const error = await store.setPref('sound', false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'quota', message: expect.stringMatching(/storage is full.*nothing was saved/) });
    expect((error as Error).cause).toBeInstanceOf(DOMException);
  });

  it('a full disk at confirm keeps nothing of the record, and the next one takes the same seq', async () => {
    const { store } = await enrolledDesk();
    await store.appendRecord(use());
    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quota();
    });
    await expect(store.appendRecord(use())).rejects.toMatchObject({ kind: 'quota' });
    add.mockRestore();
    expect(await store.pendingCount()).toBe(1);
    expect((await store.getDevice())?.seq).toBe(1);
    expect((await store.appendRecord(use())).seq).toBe(2);
  });

  it('puts each failure of the browser storage into the words staff get, keeping why', () => {
    const lost = new StorageError('unavailable', 'closed by the browser');
    for (const [name, kind] of [['QuotaExceededError', 'quota'], ['VersionError', 'versionchange'], ['InvalidStateError', 'unavailable'], ['UnknownError', 'unavailable'], ['NotReadableError', 'unavailable'], ['AbortError', 'unavailable'], ['SecurityError', 'unavailable']] as const) {
      const cause = new DOMException('raw', name);
      const mapped = toStorageError(cause);
      expect(mapped, name).toBeInstanceOf(StorageError);
      expect(mapped, name).toMatchObject({ name: 'StorageError', kind, cause });
      expect((mapped as Error).message, name).not.toBe('raw');
      if (kind === 'unavailable') expect(toStorageError(cause, lost), name).toBe(lost);
    }
    expect(toStorageError(new DOMException('raw', 'VersionError'), lost)).toMatchObject({ kind: 'versionchange' });
    const already = new StorageError('refused', 'no');
    expect(toStorageError(already, lost)).toBe(already);
    // Some engines and fakes throw plain Errors by these names; anything not thrown as an error is left alone.
    expect(toStorageError(Object.assign(new Error('raw'), { name: 'QuotaExceededError' }))).toMatchObject({ kind: 'quota' });
    expect(toStorageError({ name: 'QuotaExceededError' })).toEqual({ name: 'QuotaExceededError' });
  });

  it('leaves bugs as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(toStorageError(bug)).toBe(bug);
    expect(toStorageError(new DOMException('no', 'DataError'))).toBeInstanceOf(DOMException);
  });
});

describe('other tabs and the browser', () => {
  it('an older tab closes for another tab’s upgrade and says reload; its calls then fail the same way', async () => {
    const factory = new IDBFactory();
    const onBlocking = vi.fn();
    const old = await openDesk({ onBlocking }, factory);
    const upgraded = await openDesk({ migrations: [...MIGRATIONS, v2] }, factory);
    expect(upgraded.db.idb.version).toBe(v2.version);
    expect(onBlocking).toHaveBeenCalledWith(expect.objectContaining({ kind: 'versionchange', message: expect.stringMatching(/Reload/) }));
    await expect(old.store.pendingCount()).rejects.toMatchObject({ kind: 'versionchange' });
  });

  it('an upgrade blocked by a tab that does not close is reported, and goes on once it closes', async () => {
    const factory = new IDBFactory();
    const stubborn = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('kaiku-desk', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => resolve(request.result);
    });
    const onBlocked = vi.fn();
    const opening = openDeskDb('kaiku-desk', { factory, migrations: [...MIGRATIONS, v2], onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalledWith(expect.objectContaining({ kind: 'blocked', message: expect.stringMatching(/another tab/) })));
    stubborn.close();
    expect((await opening).idb.version).toBe(v2.version);
  });

  it('without a blocked handler the open fails with the blocked error instead of waiting in silence', async () => {
    const factory = new IDBFactory();
    const stubborn = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('kaiku-desk', 1);
      request.onsuccess = () => resolve(request.result);
    });
    await expect(openDeskDb('kaiku-desk', { factory, migrations: [...MIGRATIONS, v2] })).rejects.toMatchObject({ kind: 'blocked' });
    stubborn.close();
  });

  it('a connection the browser closes is reported, and later calls fail with the same error', async () => {
    const onTerminated = vi.fn();
    const { db, store } = await openDesk({ onTerminated });
    forceCloseDatabase(db.idb as never);
    expect(onTerminated).toHaveBeenCalledWith(expect.objectContaining({ kind: 'unavailable' }));
    await expect(store.getDevice()).rejects.toBe(db.lost);
  });

  it('no IndexedDB at all is unavailable', async () => {
    const { indexedDB } = globalThis;
    try {
      Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
      await expect(openDeskDb()).rejects.toMatchObject({ kind: 'unavailable' });
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { value: indexedDB, configurable: true });
    }
  });
});

describe('bundle', () => {
  const envelope = (n: number): Envelope => ({ format: 'kaiku-bundle/1', root: 'demo-root-1', payload: `p${n}`, signature: `s${n}` });

  it('keeps only the newest: a lower or equal serial never replaces it, even from another tab', async () => {
    const { store } = await openDesk();
    expect(await store.getBundle()).toBeNull();
    expect(await store.putBundle({ envelope: envelope(42), serial: 42, savedAt: T0 })).toBe(true);
    expect(await store.putBundle({ envelope: envelope(41), serial: 41, savedAt: T0 + 1 })).toBe(false);
    expect(await store.putBundle({ envelope: envelope(42), serial: 42, savedAt: T0 + 2 })).toBe(false);
    expect(await store.getBundle()).toEqual({ envelope: envelope(42), serial: 42, savedAt: T0 });
    expect(await store.putBundle({ envelope: envelope(43), serial: 43, savedAt: T0 + 3 })).toBe(true);
    expect((await store.getBundle())?.serial).toBe(43);
  });
});

describe('requestPersistence', () => {
  it('says granted, denied or unsupported', async () => {
    expect(await requestPersistence({ persist: async () => true } as StorageManager)).toBe('granted');
    expect(await requestPersistence({ persist: async () => false } as StorageManager)).toBe('denied');
    expect(await requestPersistence({} as StorageManager)).toBe('unsupported');
    expect(await requestPersistence(undefined)).toBe('unsupported');
  });
});
