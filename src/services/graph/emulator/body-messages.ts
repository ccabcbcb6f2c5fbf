// The words Graph answers an invalid request body with. Two back ends, two voices:
// - 'odata': workloads behind OData's .NET reader (Microsoft.OData.Core), such as Intune's
//   deviceAppManagement. Its messages are the library's resource strings; seen in the wild e.g.
//   "The property 'x' does not exist on type 'y'. Make sure to only use property names that are
//   defined by the type or mark the type as open type." and "A type named 'x' could not be
//   resolved by the model. When a model is available, each type name must resolve to a valid
//   type." (Intune, 400 BadRequest, Micke-K/IntuneManagement#318), "Cannot convert the literal '08'
//   to the expected type 'Edm.TimeOfDay'." (Graph docs, RequestBodyRead error table).
// - 'directory': Entra's directory objects (code Request_BadRequest): "Property 'x' does not exist
//   as a declared property or extension property." and "Invalid value specified for property 'x'
//   of resource 'Y'."
import { graphFailure } from './errors.ts';
import type { ServiceError } from '../../../errors.ts';

export type GraphDialect = 'odata' | 'directory';

export interface BodyMessages {
  unknownProperty(property: string, type: string): ServiceError;
  invalidValue(property: string, type: string, value: unknown, owner: string): ServiceError;
  unexpectedNode(
    found: string,
    expected: 'StartArray' | 'StartObject',
    property: string,
    owner: string,
  ): ServiceError;
  unresolvedType(name: string): ServiceError;
  notAssignable(actual: string, expected: string): ServiceError;
  abstractType(type: string): ServiceError;
  nullNotAllowed(property: string, type: string, owner: string): ServiceError;
  notAnObject(type: string): ServiceError;
}

function short(typeName: string): string {
  const name = typeName.replace(/^microsoft\.graph\./, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function literal(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function shared(code: string) {
  const fail = (message: string) => graphFailure(400, code, message);
  return {
    unresolvedType: (name: string) =>
      fail(
        `A type named '${name}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
      ),
    notAssignable: (actual: string, expected: string) =>
      fail(
        `A resource with type '${actual}' was found, but it is not assignable to the expected type '${expected}'. The type specified in the resource must be equal to either the expected type or a derived type.`,
      ),
    // The docs are silent on the words for an abstract type without '@odata.type'; this is the
    // sandbox's own sentence. The 400 itself follows from CSDL §6.1.4 (no instances of abstract types).
    abstractType: (type: string) =>
      fail(`Cannot create an instance of abstract type '${type}': '@odata.type' must name a derived type.`),
  };
}

const odata: BodyMessages = {
  ...shared('BadRequest'),
  unknownProperty: (property, type) =>
    graphFailure(
      400,
      'BadRequest',
      `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ),
  invalidValue: (_property, type, value) =>
    graphFailure(
      400,
      'BadRequest',
      `Cannot convert the literal '${literal(value)}' to the expected type '${type}'.`,
    ),
  unexpectedNode: (found, expected) =>
    graphFailure(
      400,
      'BadRequest',
      `An unexpected '${found}' node was found when reading from the JSON reader. A '${expected}' node was expected.`,
    ),
  nullNotAllowed: (property, type) =>
    graphFailure(
      400,
      'BadRequest',
      `A null value was found for the property named '${property}', which has the expected type '${type}[Nullable=False]'. The expected type '${type}[Nullable=False]' does not allow null values.`,
    ),
  notAnObject: () =>
    graphFailure(
      400,
      'BadRequest',
      "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
    ),
};

const directory: BodyMessages = {
  ...shared('Request_BadRequest'),
  unknownProperty: (property) =>
    graphFailure(
      400,
      'Request_BadRequest',
      `Property '${property}' does not exist as a declared property or extension property.`,
    ),
  invalidValue: (property, _type, _value, owner) =>
    graphFailure(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${property}' of resource '${short(owner)}'.`,
    ),
  unexpectedNode: (_found, _expected, property, owner) =>
    graphFailure(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${property}' of resource '${short(owner)}'.`,
    ),
  nullNotAllowed: (property, _type, owner) =>
    graphFailure(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${property}' of resource '${short(owner)}'.`,
    ),
  notAnObject: (type) =>
    graphFailure(400, 'Request_BadRequest', `Invalid request body for resource '${short(type)}'.`),
};

export function messagesFor(dialect: GraphDialect): BodyMessages {
  return dialect === 'odata' ? odata : directory;
}
