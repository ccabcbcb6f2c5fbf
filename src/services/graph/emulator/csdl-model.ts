// The facts the sandbox needs from Graph's $metadata (OData CSDL) to validate request bodies as the
// service does: structured types with inheritance and abstractness, enum members, bound actions'
// parameters. Read from the service's own document (csdl-read.ts) or from the committed facts file
// generated from it (v1.0-facts.ts); see model-load.ts.

export interface ModelType {
  kind: 'entity' | 'complex';
  baseType?: string;
  abstract?: boolean;
  /** Structural properties: name -> full type name ('microsoft.graph.x', 'Collection(Edm.String)'). */
  properties: Record<string, string>;
  /** Navigation properties: name -> full type name. */
  navigation?: Record<string, string>;
  /** Own structural properties declared Nullable="false". */
  nonNullable?: string[];
}

export interface ModelEnum {
  members: string[];
  flags?: boolean;
}

export interface GraphModel {
  types: Record<string, ModelType>;
  enums: Record<string, ModelEnum>;
  /** '<binding type>/<action name>' -> parameter name -> type (the binding parameter left out). */
  actions: Record<string, Record<string, string>>;
}

/** Every structural property of a type, inherited ones included. */
export function allProperties(model: GraphModel, typeName: string): Record<string, string> {
  const type = model.types[typeName];
  if (!type) return {};
  return {
    ...(type.baseType === undefined ? {} : allProperties(model, type.baseType)),
    ...type.properties,
  };
}

export function allNavigation(model: GraphModel, typeName: string): Record<string, string> {
  const type = model.types[typeName];
  if (!type) return {};
  return {
    ...(type.baseType === undefined ? {} : allNavigation(model, type.baseType)),
    ...type.navigation,
  };
}

/** True when `typeName` is `ancestor` or derives from it. */
export function derivesFrom(model: GraphModel, typeName: string, ancestor: string): boolean {
  for (let t: string | undefined = typeName; t !== undefined; t = model.types[t]?.baseType)
    if (t === ancestor) return true;
  return false;
}

/** An action bound to `bindingType` or to one of its base types (OData binds derived types too). */
export function findAction(
  model: GraphModel,
  bindingType: string,
  name: string,
): Record<string, string> | undefined {
  for (let t: string | undefined = bindingType; t !== undefined; t = model.types[t]?.baseType) {
    const action = model.actions[`${t}/${name}`];
    if (action) return action;
  }
  return undefined;
}

/** True when a structural property of the type (or of a base type) is declared Nullable="false". */
export function isNonNullable(model: GraphModel, typeName: string, property: string): boolean {
  for (let t: string | undefined = typeName; t !== undefined; t = model.types[t]?.baseType)
    if (model.types[t]?.nonNullable?.includes(property)) return true;
  return false;
}
