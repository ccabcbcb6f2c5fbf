// Whether a JSON value is a valid instance of an OData primitive type, per "OData JSON Format
// Version 4.01" §7.1 (Primitive Value): numbers as JSON numbers (Int64 and Decimal as strings
// only under IEEE754Compatible=true, which Graph clients do not send), Double and Single may also be
// "NaN", "INF" or "-INF", Binary as base64 (OData names base64url; Graph's docs and SDKs send
// standard base64, so both alphabets pass), and the date/time types in their ISO 8601 forms
// ("OData CSDL XML" §5.1.1 / "ABNF" rules dateTimeOffsetValue, dateValue, timeOfDayValue,
// durationValue).

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,12})?)?';
const DATE_TIME_OFFSET = new RegExp(`^${DATE}T${TIME}(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$`, 'i');
const DATE_ONLY = new RegExp(`^${DATE}$`);
const TIME_OF_DAY = new RegExp(`^${TIME}$`);
const DURATION = /^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

const INTEGER_RANGES: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32768, 32767],
  'Edm.Int32': [-2147483648, 2147483647],
  'Edm.Int64': [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** undefined when `type` is not a primitive type this check knows. */
export function primitiveValid(value: unknown, type: string): boolean | undefined {
  const range = INTEGER_RANGES[type];
  if (range) return Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1];
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string';
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.Double':
    case 'Edm.Single':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        ['NaN', 'INF', '-INF'].includes(String(value))
      );
    case 'Edm.Decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Edm.Guid':
      return typeof value === 'string' && GUID.test(value);
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && DATE_TIME_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
    case 'Edm.Date':
      return typeof value === 'string' && DATE_ONLY.test(value);
    case 'Edm.TimeOfDay':
      return typeof value === 'string' && TIME_OF_DAY.test(value);
    case 'Edm.Duration':
      return typeof value === 'string' && DURATION.test(value) && value !== 'P' && !value.endsWith('T');
    case 'Edm.Binary':
      return typeof value === 'string' && BASE64.test(value);
    case 'Edm.Stream':
      return typeof value === 'string';
    case 'Edm.Untyped':
    case 'Edm.PrimitiveType':
      return true;
    default:
      return undefined;
  }
}
