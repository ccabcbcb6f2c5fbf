// Matching Intune devices to NinjaOne devices: by serial number first, then by hostname. Only
// normalised keys are held (two string maps), never device objects, so 100k devices per side
// cost a few megabytes; both sides are read as streams of pages.

/** Serials that firmware vendors leave as placeholders identify nothing. */
const PLACEHOLDER_SERIALS = new Set([
  '',
  '0',
  'NONE',
  'DEFAULT STRING',
  'SYSTEM SERIAL NUMBER',
  'TO BE FILLED BY O.E.M.',
]);

export function serialKey(serial: string | null | undefined): string {
  const key = (serial ?? '').trim().toUpperCase();
  return PLACEHOLDER_SERIALS.has(key) ? '' : key;
}

export function hostKey(name: string | null | undefined): string {
  return (name ?? '').trim().toUpperCase().split('.')[0] ?? '';
}

export interface Reconciliation {
  matchedBySerial: number;
  matchedByHostname: number;
  missingInNinjaOne: { count: number; names: string[] };
  missingInIntune: { count: number; names: string[] };
  ninjaDevices: number;
  intuneDevices: number;
}

export class FleetMatcher {
  private readonly hostBySerial = new Map<string, string>();
  /** NinjaOne hostname -> matched yet? */
  private readonly ninjaHosts = new Map<string, boolean>();
  private result: Reconciliation;

  constructor(private readonly listLimit: number) {
    this.result = {
      matchedBySerial: 0,
      matchedByHostname: 0,
      missingInNinjaOne: { count: 0, names: [] },
      missingInIntune: { count: 0, names: [] },
      ninjaDevices: 0,
      intuneDevices: 0,
    };
  }

  addNinjaOne(hostname: string, serial: string): void {
    const host = hostKey(hostname);
    this.result.ninjaDevices++;
    this.ninjaHosts.set(host, false);
    const key = serialKey(serial);
    if (key !== '') this.hostBySerial.set(key, host);
  }

  matchIntune(hostname: string, serial: string): void {
    this.result.intuneDevices++;
    const bySerial = this.hostBySerial.get(serialKey(serial));
    if (serialKey(serial) !== '' && bySerial !== undefined && this.ninjaHosts.get(bySerial) === false) {
      this.ninjaHosts.set(bySerial, true);
      this.result.matchedBySerial++;
      return;
    }
    const host = hostKey(hostname);
    if (this.ninjaHosts.get(host) === false) {
      this.ninjaHosts.set(host, true);
      this.result.matchedByHostname++;
      return;
    }
    this.note(this.result.missingInNinjaOne, host);
  }

  finish(): Reconciliation {
    for (const [host, matched] of this.ninjaHosts) if (!matched) this.note(this.result.missingInIntune, host);
    return this.result;
  }

  private note(list: { count: number; names: string[] }, name: string): void {
    list.count++;
    if (list.names.length < this.listLimit) list.names.push(name);
  }
}
