// What each input type accepts, and the typed value it becomes. Used for values from the config
// file and `--set`, and for defaults written in the runbook itself.
import type { InputType } from '../types.ts';
import { tryParseDuration } from './duration.ts';

/** On failure, `index` is the list item at fault, so the message can point at it. */
export type Checked = { ok: true; value: unknown } | { ok: false; reason: string; index?: number };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A list's items are checked one by one; `cidr` exists only as a list item. */
type ItemType = InputType | 'cidr';
const LIST_ITEM: Partial<Record<InputType, ItemType>> = {
  'string-list': 'string',
  'domain-list': 'domain',
  'cidr-list': 'cidr',
};

export function isListType(type: InputType): boolean {
  return type.endsWith('-list');
}

/** Check a value (typed YAML, or text from the command line) against an input type. */
export function checkInputValue(type: InputType, value: unknown): Checked {
  if (isListType(type)) return checkList(type, value);
  switch (type) {
    case 'number':
      return checkNumber(value);
    case 'boolean':
      return checkBoolean(value);
    default:
      return checkText(type, value);
  }
}

function checkList(type: InputType, value: unknown): Checked {
  const items = typeof value === 'string' ? splitList(value) : value;
  if (!Array.isArray(items))
    return { ok: false, reason: `expected a list (or comma-separated text), found ${describe(value)}` };
  const itemType = LIST_ITEM[type] ?? 'string';
  const out: unknown[] = [];
  // A repeated item is a typo every time (two identical MX hosts, a domain twice): DNS names and
  // group names compare without case, ranges by their normal form.
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const checked = checkText(itemType, item);
    if (!checked.ok) return { ok: false, reason: `item ${index + 1}: ${checked.reason}`, index };
    const key = String(checked.value).trim().toLowerCase().replace(/\.$/, '');
    const first = seen.get(key);
    if (first !== undefined) {
      return {
        ok: false,
        reason: `item ${index + 1}: "${String(checked.value)}" repeats item ${first + 1}; list it once`,
        index,
      };
    }
    seen.set(key, index);
    out.push(checked.value);
  }
  return { ok: true, value: out };
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function checkNumber(value: unknown): Checked {
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  if (typeof value === 'string' && NUMBER_TEXT.test(value.trim()))
    return { ok: true, value: Number(value.trim()) };
  return { ok: false, reason: `expected a number, found ${describe(value)}` };
}

function checkBoolean(value: unknown): Checked {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'yes' || text === '1') return { ok: true, value: true };
  if (text === 'false' || text === 'no' || text === '0') return { ok: true, value: false };
  return { ok: false, reason: `expected true or false, found ${describe(value)}` };
}

function checkText(type: ItemType, value: unknown): Checked {
  if (typeof value === 'number' && type === 'string') return { ok: true, value: String(value) };
  if (typeof value !== 'string') return { ok: false, reason: `expected text, found ${describe(value)}` };
  const text = value.trim();
  const reason = textProblem(type, text);
  if (reason !== undefined) return { ok: false, reason };
  return { ok: true, value: type === 'cidr' ? normaliseCidr(text) : type === 'string' ? value : text };
}

function textProblem(type: ItemType, text: string): string | undefined {
  switch (type) {
    case 'domain':
      return isDomain(text) ? undefined : `"${text}" is not a domain name (like contoso.com)`;
    case 'hostname':
      return isHostname(text) ? undefined : `"${text}" is not a host name (like mail.contoso.com)`;
    case 'email':
      return isEmail(text) ? undefined : `"${text}" is not an email address (like it@contoso.com)`;
    case 'duration':
      return tryParseDuration(text) !== undefined
        ? undefined
        : `"${text}" is not a duration (like 5m, 1h30m or PT5M)`;
    case 'cidr':
      return cidrProblem(text);
    default:
      return undefined;
  }
}

export function isHostname(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

export function isDomain(text: string): boolean {
  const labels = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
  return isHostname(text) && labels.length >= 2 && TOP_LEVEL.test(labels.at(-1) ?? '');
}

export function isEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || text.length > 254) return false;
  const local = text.slice(0, at);
  return local.length <= 64 && EMAIL_LOCAL.test(local) && isDomain(text.slice(at + 1));
}

/** Why an IPv4 CIDR is wrong, or undefined. A bare address is read as a /32. */
export function cidrProblem(text: string): string | undefined {
  const [address = '', prefixText, extra] = text.split('/');
  const octets = address.split('.');
  const validOctets =
    octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
  if (extra !== undefined || !validOctets) return `"${text}" is not an IPv4 CIDR range (like 192.0.2.0/24)`;
  if (prefixText === undefined) return undefined;
  if (!/^(?:\d|[12]\d|3[0-2])$/.test(prefixText))
    return `"${text}" has prefix length /${prefixText}; use /0 to /32`;
  const prefix = Number(prefixText);
  const value = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
  const hostBits = 2 ** (32 - prefix);
  if (value % hostBits !== 0) {
    const network = value - (value % hostBits);
    const networkText = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    return `"${text}" has host bits set; did you mean ${networkText}/${prefix}?`;
  }
  return undefined;
}

function normaliseCidr(text: string): string {
  return text.includes('/') ? text : `${text}/32`;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text "${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
