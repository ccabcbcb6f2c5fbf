// "Still waiting" reports for one HTTP attempt: a call may wait up to its timeout (60 s by
// default) for an answer, and a silent minute looks like a hang. The first report comes after
// progressAfterMs, then one every progressAfterMs, so a slow service gives a few lines, not a flood.
import type { HttpPolicy, SlowAttempt } from './policy.ts';

/** Starts watching an attempt; call the returned function when the attempt ends. */
export function watchSlowAttempt(
  policy: Pick<HttpPolicy, 'onSlow' | 'progressAfterMs' | 'timeoutMs'>,
  call: Omit<SlowAttempt, 'elapsedMs' | 'timeoutMs'>,
): () => void {
  const report = policy.onSlow;
  if (!report || !(policy.progressAfterMs > 0) || policy.progressAfterMs >= policy.timeoutMs)
    return () => undefined;
  const started = Date.now();
  const timer = setInterval(() => {
    const elapsedMs = Date.now() - started;
    if (elapsedMs < policy.timeoutMs) report({ ...call, elapsedMs, timeoutMs: policy.timeoutMs });
  }, policy.progressAfterMs);
  timer.unref(); // a report must never keep a finished process alive
  return () => clearInterval(timer);
}
