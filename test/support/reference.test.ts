// The reference rule itself: a missing reference is a plain skip locally and a failure under CI,
// so fidelity tests never pass without their oracle.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reference } from './reference.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('reference()', () => {
  it('resolves names under ../shared/reference beside the repository', () => {
    vi.stubEnv('CI', '');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(reference('graph/v1.0-metadata.xml', 'a probe').path).toMatch(
      /\/shared\/reference\/graph\/v1\.0-metadata\.xml$/,
    );
  });

  it('skips a missing one outside CI and says so plainly', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = reference('no/such-file.xml', 'a probe');
    expect(missing.present).toBe(false);
    expect(missing.title).toMatch(/^a probe \(SKIPPED: .*no\/such-file\.xml not found\)$/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^SKIPPED a probe: the reference .* is missing/));
  });

  it.each(['true', '1'])('fails a missing one when CI=%s, naming what is missing', (ci) => {
    vi.stubEnv('CI', ci);
    expect(() => reference('no/such-file.xml', 'a probe')).toThrow(
      /a probe: the reference .*no\/such-file\.xml is missing\. CI is set, so this fails instead of skipping/,
    );
  });
});
