// Pieces of the desk that load by import() after the first screen (the check flow, the server
// link, the upload loop): a stand-in takes the calls meanwhile and passes each on once the piece
// has loaded, in the order made, so nothing said before is lost.

/** The stand-in's methods: the piece's own, each answering once the piece has loaded. */
export type Later<T, K extends keyof T> = {
  readonly [M in K]: T[M] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** `load`, run at most once: every call gets the same promise. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
}

/** A stand-in for `methods` of what `load` gives (load it once: see `once`). */
export function later<T, K extends keyof T>(load: () => Promise<T>, methods: readonly K[]): Later<T, K> {
  const standIn: Partial<Record<K, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const m of methods) {
    standIn[m] = async (...args) => {
      const piece = await load();
      return Reflect.apply(piece[m] as (...a: unknown[]) => unknown, piece, args);
    };
  }
  return standIn as Later<T, K>;
}
