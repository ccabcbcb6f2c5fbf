// Validates a whole Graph request body against the v1.0 model, the way the service's OData reader
// does before any handler runs: the type named by '@odata.type' (which must resolve and derive
// from the expected type; abstract types need one), every property declared on that type or a
// base type, nested complex values and collections recursively, enum members (flags enums take a
// comma-separated list, "OData JSON Format 4.01" §7.2), primitive literals, and null only where
// the property is nullable. Throws the first problem as a Graph 400.
import {
  allNavigation,
  allProperties,
  derivesFrom,
  findAction,
  isNonNullable,
  type GraphModel,
} from './csdl-model.ts';
import { messagesFor, type BodyMessages, type GraphDialect } from './body-messages.ts';
import { primitiveValid } from './edm-primitives.ts';

interface Checker {
  model: GraphModel;
  say: BodyMessages;
  dialect: GraphDialect;
}

function jsonNode(value: unknown): string {
  if (Array.isArray(value)) return 'StartArray';
  if (value !== null && typeof value === 'object') return 'StartObject';
  return 'PrimitiveValue';
}

function checkValue(c: Checker, value: unknown, type: string, property: string, owner: string): void {
  if (value === null) {
    // Nullable="false" is enforced by the OData reader; the directory service's handling of null
    // for such properties is not documented, so the sandbox enforces it for 'odata' only.
    if (c.dialect === 'odata' && isNonNullable(c.model, owner, property))
      throw c.say.nullNotAllowed(property, type, owner);
    return;
  }
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection) {
    if (!Array.isArray(value)) throw c.say.unexpectedNode(jsonNode(value), 'StartArray', property, owner);
    for (const item of value) checkValue(c, item, collection[1]!, property, owner);
    return;
  }
  const primitive = primitiveValid(value, type);
  if (primitive !== undefined) {
    if (!primitive) throw c.say.invalidValue(property, type, value, owner);
    return;
  }
  const enumType = c.model.enums[type];
  if (enumType) {
    const names = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : [];
    const ok =
      names.length > 0 &&
      (enumType.flags === true || names.length === 1) &&
      names.every((n) => enumType.members.includes(n));
    if (!ok) throw c.say.invalidValue(property, type, value, owner);
    return;
  }
  if (c.model.types[type]) {
    if (jsonNode(value) !== 'StartObject')
      throw c.say.unexpectedNode(jsonNode(value), 'StartObject', property, owner);
    checkStructured(c, value as Record<string, unknown>, type);
    return;
  }
  throw c.say.unresolvedType(type);
}

/** The type an instance really has: its '@odata.type' if any, checked against the expected type. */
function actualType(c: Checker, value: Record<string, unknown>, expected: string): string {
  const named = value['@odata.type'];
  if (named === undefined) {
    if (c.model.types[expected]?.abstract === true) throw c.say.abstractType(expected);
    return expected;
  }
  if (typeof named !== 'string') throw c.say.unresolvedType(JSON.stringify(named));
  const name = named.replace(/^#/, '');
  if (!c.model.types[name]) throw c.say.unresolvedType(name);
  if (!derivesFrom(c.model, name, expected)) throw c.say.notAssignable(name, expected);
  if (c.model.types[name]?.abstract === true) throw c.say.abstractType(name);
  return name;
}

function checkStructured(c: Checker, value: Record<string, unknown>, expected: string): void {
  const type = actualType(c, value, expected);
  const properties = allProperties(c.model, type);
  const navigation = allNavigation(c.model, type);
  for (const [key, v] of Object.entries(value)) {
    // Instance annotations ('@odata.type', '@odata.context', ...) are metadata, not properties.
    if (key.startsWith('@')) continue;
    const at = key.indexOf('@');
    if (at > 0) {
      // A property annotation ('owners@odata.bind', 'x@odata.type') names a declared property.
      const name = key.slice(0, at);
      if (properties[name] === undefined && navigation[name] === undefined)
        throw c.say.unknownProperty(name, type);
      continue;
    }
    const propertyType = properties[key];
    if (propertyType !== undefined) {
      checkValue(c, v, propertyType, key, type);
      continue;
    }
    // Undeclared, or a navigation property given inline: deep insert is not emulated (the tool
    // never uses it), so the sandbox refuses it rather than silently ignoring it.
    throw c.say.unknownProperty(key, type);
  }
}

function checker(model: GraphModel, dialect: GraphDialect): Checker {
  return { model, say: messagesFor(dialect), dialect };
}

/** A body that creates or updates an instance of `typeName` (or of a type derived from it). */
export function checkEntityBody(
  model: GraphModel,
  body: unknown,
  typeName: string,
  dialect: GraphDialect,
): void {
  const c = checker(model, dialect);
  if (jsonNode(body) !== 'StartObject') throw c.say.notAnObject(typeName);
  checkStructured(c, body as Record<string, unknown>, typeName);
}

/** The parameters of a bound action: each declared, each value of the parameter's type. */
export function checkActionBody(
  model: GraphModel,
  body: unknown,
  bindingType: string,
  action: string,
  dialect: GraphDialect,
): void {
  const c = checker(model, dialect);
  const parameters = findAction(model, bindingType, action);
  if (!parameters) throw c.say.unresolvedType(`${bindingType}/${action}`);
  if (body === undefined) return;
  if (jsonNode(body) !== 'StartObject') throw c.say.notAnObject(bindingType);
  for (const [name, v] of Object.entries(body as Record<string, unknown>)) {
    if (name.startsWith('@')) continue;
    const type = parameters[name];
    // OData's reader names an unknown action parameter like an unknown property of the binding type.
    if (type === undefined) throw c.say.unknownProperty(name, `${bindingType}/${action}`);
    checkValue(c, v, type, name, bindingType);
  }
}

/** A '$ref' body (OData 4.01 Protocol §11.4.6.1): one '@odata.id' and nothing else. */
export function checkReferenceBody(body: unknown, dialect: GraphDialect): void {
  const say = messagesFor(dialect);
  if (jsonNode(body) !== 'StartObject') throw say.notAnObject('reference');
  for (const key of Object.keys(body as Record<string, unknown>))
    if (key !== '@odata.id') throw say.unknownProperty(key, 'reference');
  if (typeof (body as Record<string, unknown>)['@odata.id'] !== 'string')
    throw say.invalidValue(
      '@odata.id',
      'Edm.String',
      (body as Record<string, unknown>)['@odata.id'],
      'reference',
    );
}
