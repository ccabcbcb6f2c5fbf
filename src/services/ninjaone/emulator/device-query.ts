// `/v2/devices` and `/v2/devices-detailed` in the sandbox: the `df` device filter, cursor paging by
// id (`after` = last id of the previous page), over stored devices and the lazy synthetic fleet.
import { ServiceError } from '../../../errors.ts';
import { SYNTHETIC_ID_BASE, syntheticMember } from './fleet.ts';
import type { NinjaDeviceRecord, NinjaOneState } from './model.ts';
import { ninjaDeviceRecord } from './seed.ts';

type Predicate = (d: NinjaDeviceRecord) => boolean;

export function invalidFilter(df: string): ServiceError {
  return new ServiceError('ninjaone-sandbox', 'bad-request', `Invalid device filter: ${df}`, {
    status: 400,
    vendorCode: 'INVALID_DEVICE_FILTER',
  });
}

function values(text: string): string[] {
  const list = /^\((.*)\)$/.exec(text.trim());
  return (list ? (list[1] ?? '') : text).split(',').map((v) => v.trim());
}

/** Parses the filter forms the notes list: `org = 1`, `class in (A,B)`, `status eq APPROVED`, `online`. */
export function parseDeviceFilter(df: string | null): Predicate {
  if (df === null || df.trim() === '') return () => true;
  const clauses = df.split(/\s+AND\s+/i).map((clause): Predicate => {
    const trimmed = clause.trim();
    if (/^online$/i.test(trimmed)) return (d) => !d.offline;
    if (/^offline$/i.test(trimmed)) return (d) => d.offline;
    const m = /^(org|loc|class|status|role)\s*(=|eq|in)\s*(.+)$/i.exec(trimmed);
    if (!m) throw invalidFilter(df);
    const field = (m[1] ?? '').toLowerCase();
    const wanted = new Set(values(m[3] ?? ''));
    const pick: Record<string, (d: NinjaDeviceRecord) => string> = {
      org: (d) => String(d.organizationId),
      loc: (d) => String(d.locationId),
      class: (d) => d.nodeClass,
      status: (d) => d.approvalStatus,
      role: (d) => String(d.nodeRoleId),
    };
    const read = pick[field];
    if (!read) throw invalidFilter(df);
    return (d) => wanted.has(read(d));
  });
  return (d) => clauses.every((c) => c(d));
}

/** One page of devices with id > after, in id order; synthetic devices are generated on the fly. */
export function devicePage(
  state: NinjaOneState,
  seed: number,
  filter: Predicate,
  after: number,
  pageSize: number,
): NinjaDeviceRecord[] {
  const page: NinjaDeviceRecord[] = [];
  const stored = Object.values(state.devices)
    .filter((d) => d.id > after)
    .sort((a, b) => a.id - b.id);
  for (const d of stored) {
    if (page.length >= pageSize) return page;
    if (filter(d)) page.push(d);
  }
  const count = state.settings.fleet.syntheticDevices ?? 0;
  for (let i = Math.max(1, after - SYNTHETIC_ID_BASE + 1); i <= count && page.length < pageSize; i++) {
    const m = syntheticMember(i);
    if (!m.inNinjaOne) continue;
    const d = ninjaDeviceRecord(seed, m);
    if (filter(d)) page.push(d);
  }
  return page;
}

export function findDevice(state: NinjaOneState, seed: number, id: number): NinjaDeviceRecord | undefined {
  const stored = state.devices[String(id)];
  if (stored) return stored;
  const i = id - SYNTHETIC_ID_BASE;
  if (i < 1 || i > (state.settings.fleet.syntheticDevices ?? 0)) return undefined;
  const m = syntheticMember(i);
  return m.inNinjaOne ? ninjaDeviceRecord(seed, m) : undefined;
}

/** `/v2/devices` returns basic node information: the detailed fields are dropped. */
export function basicNode(d: NinjaDeviceRecord): Omit<NinjaDeviceRecord, 'os' | 'system'> {
  const { os: _os, system: _system, ...basic } = d;
  return basic;
}
