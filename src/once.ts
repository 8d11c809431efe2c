/** A value made on first use and kept: for start-up work (compiled patterns) most runs never need. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}
