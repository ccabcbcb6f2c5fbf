// A small reader for the Graph CSDL ($metadata): types with inheritance, entity sets, bound actions.
// Enough to check the sandbox's schema and traffic against what the service itself declares.

export interface CsdlType {
  name: string;
  kind: 'entity' | 'complex';
  baseType?: string;
  properties: Record<string, string>;
  navigation: Record<string, string>;
  /** Navigation properties with ContainsTarget="true" (written in place, never by $ref). */
  contained: string[];
}

export interface CsdlAction {
  name: string;
  bindingType: string;
  parameters: Record<string, string>;
}

export interface Csdl {
  types: Map<string, CsdlType>;
  entitySets: Map<string, string>;
  singletons: Map<string, string>;
  /** Enum type -> its member names. */
  enums: Map<string, string[]>;
  actions: CsdlAction[];
  /** Properties and navigation of a type including every base type. */
  allProperties(typeName: string): Record<string, string> | undefined;
  /** What a resource path (relative to the service root) addresses, or a reason it addresses nothing. */
  resolvePath(path: string): ResolvedPath | string;
}

export interface ResolvedPath {
  type: string;
  collection: boolean;
  /** The last segment was a navigation property that is not contained (so $ref applies). */
  reference: boolean;
}

const ATTR = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** 'graph.x' and 'Collection(graph.x)' -> 'microsoft.graph.x' forms. */
export function normaliseType(type: string): string {
  return type.replace(/(^|\()graph\./, '$1microsoft.graph.');
}

export function parseCsdl(xml: string): Csdl {
  const types = new Map<string, CsdlType>();
  const entitySets = new Map<string, string>();
  const singletons = new Map<string, string>();
  const enums = new Map<string, string[]>();
  const actions: CsdlAction[] = [];
  for (const schema of xml.split('<Schema ').slice(1)) {
    const namespace = ATTR(schema.slice(0, 300), 'Namespace') ?? '';
    const typeRe = /<(EntityType|ComplexType) ([^>]*?)(\/>|>(.*?)<\/\1>)/gs;
    for (const m of schema.matchAll(typeRe)) {
      const attrs = m[2]!;
      const body = m[4] ?? '';
      const name = `${namespace}.${ATTR(attrs, 'Name')}`;
      const base = ATTR(attrs, 'BaseType');
      const properties: Record<string, string> = {};
      const navigation: Record<string, string> = {};
      const contained: string[] = [];
      for (const p of body.matchAll(/<(Property|NavigationProperty) ([^>]*?)\/?>/g)) {
        const target = p[1] === 'Property' ? properties : navigation;
        target[ATTR(p[2]!, 'Name')!] = normaliseType(ATTR(p[2]!, 'Type')!);
        if (p[1] === 'NavigationProperty' && ATTR(p[2]!, 'ContainsTarget') === 'true')
          contained.push(ATTR(p[2]!, 'Name')!);
      }
      types.set(name, {
        name,
        kind: m[1] === 'EntityType' ? 'entity' : 'complex',
        ...(base === undefined ? {} : { baseType: normaliseType(base) }),
        properties,
        navigation,
        contained,
      });
    }
    for (const m of schema.matchAll(/<EntitySet Name="([^"]+)" EntityType="([^"]+)"/g))
      entitySets.set(m[1]!, m[2]!);
    for (const m of schema.matchAll(/<EnumType Name="([^"]+)"[^>]*>(.*?)<\/EnumType>/gs))
      enums.set(
        `${namespace}.${m[1]}`,
        [...m[2]!.matchAll(/<Member Name="([^"]+)"/g)].map((member) => member[1]!),
      );
    for (const m of schema.matchAll(/<Singleton Name="([^"]+)" Type="([^"]+)"/g))
      singletons.set(m[1]!, m[2]!);
    for (const m of schema.matchAll(/<Action ([^>]*?)>(.*?)<\/Action>/gs)) {
      if (ATTR(m[1]!, 'IsBound') !== 'true') continue;
      const params = [...m[2]!.matchAll(/<Parameter ([^>]*?)\/?>/g)].map(
        (p) => [ATTR(p[1]!, 'Name')!, normaliseType(ATTR(p[1]!, 'Type')!)] as const,
      );
      const [binding, ...rest] = params;
      if (!binding) continue;
      actions.push({
        name: ATTR(m[1]!, 'Name')!,
        bindingType: binding[1],
        parameters: Object.fromEntries(rest),
      });
    }
  }
  const allProperties = (typeName: string): Record<string, string> | undefined => {
    const type = types.get(typeName);
    if (!type) return undefined;
    const inherited = type.baseType === undefined ? {} : (allProperties(type.baseType) ?? {});
    return { ...inherited, ...type.properties, ...type.navigation };
  };
  const navigationOf = (typeName: string): { navigation: Record<string, string>; contained: string[] } => {
    const type = types.get(typeName);
    if (!type) return { navigation: {}, contained: [] };
    const base =
      type.baseType === undefined ? { navigation: {}, contained: [] } : navigationOf(type.baseType);
    return {
      navigation: { ...base.navigation, ...type.navigation },
      contained: [...base.contained, ...type.contained],
    };
  };
  const resolvePath = (path: string): ResolvedPath | string => {
    const [first, ...rest] = path.split('/').filter((s) => s !== '');
    const set = entitySets.get(first ?? '');
    const single = singletons.get(first ?? '');
    if (set === undefined && single === undefined) return `no entity set or singleton '${first}'`;
    let at: ResolvedPath = { type: set ?? single!, collection: set !== undefined, reference: false };
    for (const segment of rest) {
      const { navigation, contained } = navigationOf(at.type);
      const target = navigation[segment];
      if (at.collection && target === undefined) {
        at = { ...at, collection: false, reference: false }; // a key
        continue;
      }
      if (target === undefined) return `no navigation '${segment}' on ${at.type}`;
      const collection = /^Collection\((.+)\)$/.exec(target);
      at = {
        type: collection?.[1] ?? target,
        collection: !!collection,
        reference: !contained.includes(segment),
      };
    }
    return at;
  };
  return { types, entitySets, singletons, enums, actions, allProperties, resolvePath };
}
