// Get/New/Set/Remove for one kind of named Exchange object, shared by connectors and rules.
import type { z } from 'zod';
import { isObjectNotFound } from './errors.ts';
import type { CmdletParameters, ExchangeHttp } from './http.ts';

export interface ObjectApi<Item, Settings> {
  list(): Promise<Item[]>;
  /** Undefined when no object has this identity (name or GUID). */
  get(identity: string): Promise<Item | undefined>;
  create(settings: Settings): Promise<Item>;
  update(identity: string, settings: Partial<Settings>): Promise<void>;
  remove(identity: string): Promise<void>;
}

export function objectApi<Row extends z.ZodType, Settings extends CmdletParameters>(
  http: ExchangeHttp,
  noun: string,
  row: Row,
): ObjectApi<z.output<Row>, Settings> {
  const read = { idempotent: true };
  const write = { idempotent: false };
  return {
    list: () => http.invoke(`Get-${noun}`, {}, row, read),
    async get(identity) {
      try {
        const [found] = await http.invoke(`Get-${noun}`, { Identity: identity }, row, read);
        return found;
      } catch (error) {
        if (isObjectNotFound(error)) return undefined;
        throw error;
      }
    },
    async create(settings) {
      // A setting left unset is not sent: New- applies the cmdlet's default, and no public
      // InvokeCommand client sends null-valued parameters (api-audit finding 10).
      const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null));
      const [created] = await http.invoke(`New-${noun}`, given, row, write);
      // Exchange answers New- with the object; read it back when an answer carries none.
      return (
        created ?? (await http.invoke(`Get-${noun}`, { Identity: String(settings.Name) }, row, read))[0]!
      );
    },
    async update(identity, settings) {
      await http.invoke(`Set-${noun}`, { Identity: identity, ...settings } as CmdletParameters, row, write);
    },
    async remove(identity) {
      await http.invoke(`Remove-${noun}`, { Identity: identity }, row, write);
    },
  };
}
