// Undo may run twice (a rollback interrupted and run again) or meet an object someone already
// removed: a delete of something that is gone is done, not a failure.
import { ServiceError } from '../errors.ts';

/** Runs a removal; true when it removed something, false when the object was already gone. */
export async function ignoreMissing(action: Promise<void>): Promise<boolean> {
  try {
    await action;
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'not-found') return false;
    throw error;
  }
}
