// Parameter binding as PowerShell does it for these cmdlets: unknown names fail, values are
// converted to the parameter's kind (a single value binds to a multi-valued parameter), and
// anything that cannot convert fails with the binding error Exchange shows.
import { CMDLET_PARAMETERS, REQUIRED_PARAMETERS, type ParameterKind } from './cmdlets.ts';
import { EXCEPTIONS, exoFailure } from './errors.ts';

export type BoundParameters = Record<string, unknown>;

function cannotConvert(cmdlet: string, parameter: string, value: unknown, target: string): Error {
  return exoFailure(
    400,
    EXCEPTIONS.argumentTransformation,
    `Cannot process argument transformation on parameter '${parameter}' of ${cmdlet}. Cannot convert value "${JSON.stringify(value)}" to type "${target}".`,
  );
}

function bindValue(cmdlet: string, parameter: string, kind: ParameterKind, value: unknown): unknown {
  switch (kind.kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw cannotConvert(cmdlet, parameter, value, 'System.Boolean');
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw cannotConvert(cmdlet, parameter, value, 'System.Int32');
      return value;
    case 'result-size':
      if (value === 'Unlimited' || (typeof value === 'number' && Number.isInteger(value) && value > 0))
        return value;
      throw cannotConvert(cmdlet, parameter, value, 'Microsoft.Exchange.Data.Unlimited`1[System.UInt32]');
    case 'date':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw cannotConvert(cmdlet, parameter, value, 'System.DateTime');
      return new Date(value).toISOString();
    case 'list': {
      if (value === null) return [];
      const items = Array.isArray(value) ? value : [value];
      if (!items.every((item) => typeof item === 'string'))
        throw cannotConvert(cmdlet, parameter, value, 'Microsoft.Exchange.Data.MultiValuedProperty');
      return items;
    }
    case 'enum':
      if (typeof value !== 'string' || !kind.values.includes(value)) {
        throw exoFailure(
          400,
          EXCEPTIONS.argumentTransformation,
          `Cannot process argument transformation on parameter '${parameter}'. Cannot convert value "${String(value)}" to type. Error: "Unable to match the identifier name ${String(value)} to a valid enumerator name. Specify one of the following enumerator names and try again: ${kind.values.join(', ')}"`,
        );
      }
      return value;
    case 'string':
      if (value === null) return null;
      if (typeof value !== 'string') throw cannotConvert(cmdlet, parameter, value, 'System.String');
      if (kind.max !== undefined && value.length > kind.max) {
        throw exoFailure(
          400,
          EXCEPTIONS.validation,
          `Cannot validate argument on parameter '${parameter}'. The length of the argument is too long. Shorten the length of the argument to less than or equal to "${kind.max}" and then try the command again.`,
        );
      }
      return value;
  }
}

/** Binds `parameters` for `cmdlet`, or throws the error Exchange would. */
export function bindParameters(cmdlet: string, parameters: unknown): BoundParameters {
  const accepted = CMDLET_PARAMETERS[cmdlet];
  if (!accepted) {
    throw exoFailure(
      400,
      EXCEPTIONS.commandNotFound,
      `The term '${cmdlet}' is not recognized as a name of a cmdlet, function, script file, or executable program.`,
    );
  }
  if (
    parameters !== undefined &&
    (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters))
  )
    throw exoFailure(400, EXCEPTIONS.parameterBinding, 'CmdletInput.Parameters must be an object.');
  const bound: BoundParameters = {};
  for (const [parameter, value] of Object.entries((parameters ?? {}) as Record<string, unknown>)) {
    // PowerShell matches parameter names case-insensitively.
    const known = Object.keys(accepted).find((p) => p.toLowerCase() === parameter.toLowerCase());
    if (known === undefined) {
      throw exoFailure(
        400,
        EXCEPTIONS.parameterBinding,
        `A parameter cannot be found that matches parameter name '${parameter}'.`,
      );
    }
    bound[known] = bindValue(cmdlet, known, accepted[known]!, value);
  }
  for (const required of REQUIRED_PARAMETERS[cmdlet] ?? []) {
    if (bound[required] === undefined || bound[required] === null || bound[required] === '') {
      throw exoFailure(
        400,
        EXCEPTIONS.parameterBinding,
        `Cannot process command because of one or more missing mandatory parameters: ${required}.`,
      );
    }
  }
  return bound;
}

/** Parses "a.b.c.d" or "a.b.c.d/n"; undefined when it is not IPv4. */
export function parseIPv4(text: string): { octets: number[]; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { octets, prefix };
}

/** True when `ip` (a.b.c.d) lies in `range` (a.b.c.d or CIDR). */
export function ipInRange(ip: string, range: string): boolean {
  const address = parseIPv4(ip);
  const net = parseIPv4(range);
  if (!address || !net) return false;
  const toInt = (o: number[]) => o.reduce((acc, part) => acc * 256 + part, 0);
  const size = 2 ** (32 - net.prefix);
  return Math.floor(toInt(address.octets) / size) === Math.floor(toInt(net.octets) / size);
}
