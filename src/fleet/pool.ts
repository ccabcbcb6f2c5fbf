// Runs work items with at most `concurrency` in flight, asking before each start whether to
// go on (so --max-errors and Ctrl-C stop new tenants while running ones finish).
export interface PoolOptions<Item, Result> {
  concurrency: number;
  /** Checked right before an item starts; false leaves it (and all later items) unstarted. */
  mayStart: () => boolean;
  run: (item: Item, index: number) => Promise<Result>;
}

/** Results by item index; undefined for items that never started. */
export async function runPool<Item, Result>(
  items: readonly Item[],
  options: PoolOptions<Item, Result>,
): Promise<(Result | undefined)[]> {
  const results: (Result | undefined)[] = new Array<Result | undefined>(items.length).fill(undefined);
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      if (!options.mayStart()) {
        stopped = true;
        return;
      }
      const index = next++;
      results[index] = await options.run(items[index] as Item, index);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
