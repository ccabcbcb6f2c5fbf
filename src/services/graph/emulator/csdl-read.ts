// Reads Graph's $metadata document (OData CSDL XML, OASIS "OData Common Schema Definition Language
// (CSDL) XML Representation 4.01") into the model the body checks use. The document Graph serves is
// machine-written and regular (one element per tag, attributes in double quotes, no comments), so
// element-level pattern matching is enough; type references through a schema alias ('graph.x')
// are expanded to the namespace ('microsoft.graph.x') as CSDL §5.3 (Alias) defines.
import type { GraphModel, ModelType } from './csdl-model.ts';

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
}

export function readCsdl(xml: string): GraphModel {
  const model: GraphModel = { types: {}, enums: {}, actions: {} };
  const schemas = [...xml.matchAll(/<Schema ([^>]*)>(.*?)<\/Schema>/gs)];
  const aliases = new Map<string, string>();
  for (const [, attrs] of schemas) {
    const namespace = attr(attrs!, 'Namespace') ?? '';
    const alias = attr(attrs!, 'Alias');
    if (alias !== undefined) aliases.set(alias, namespace);
  }
  const full = (type: string): string =>
    type.replace(/^(Collection\()?([A-Za-z0-9_.]+?)\.([A-Za-z0-9_]+)(\))?$/, (all, open, ns, name, close) => {
      const namespace = aliases.get(ns as string) ?? (ns as string);
      return `${(open as string | undefined) ?? ''}${namespace}.${name as string}${(close as string | undefined) ?? ''}`;
    });
  for (const [, schemaAttrs, body] of schemas) {
    const namespace = attr(schemaAttrs!, 'Namespace') ?? '';
    for (const m of body!.matchAll(/<(EntityType|ComplexType) ([^>]*?)(?:\/>|>(.*?)<\/\1>)/gs)) {
      const attrs = m[2]!;
      const type: ModelType = {
        kind: m[1] === 'EntityType' ? 'entity' : 'complex',
        properties: {},
      };
      const base = attr(attrs, 'BaseType');
      if (base !== undefined) type.baseType = full(base);
      if (attr(attrs, 'Abstract') === 'true') type.abstract = true;
      for (const p of (m[3] ?? '').matchAll(/<(Property|NavigationProperty) ([^>]*?)\/?>/g)) {
        const name = attr(p[2]!, 'Name')!;
        const propertyType = full(attr(p[2]!, 'Type')!);
        if (p[1] === 'Property') {
          type.properties[name] = propertyType;
          if (attr(p[2]!, 'Nullable') === 'false') (type.nonNullable ??= []).push(name);
        } else (type.navigation ??= {})[name] = propertyType;
      }
      model.types[`${namespace}.${attr(attrs, 'Name')}`] = type;
    }
    for (const m of body!.matchAll(/<EnumType ([^>]*?)>(.*?)<\/EnumType>/gs)) {
      const members = [...m[2]!.matchAll(/<Member Name="([^"]+)"/g)].map((x) => x[1]!);
      model.enums[`${namespace}.${attr(m[1]!, 'Name')}`] = {
        members,
        ...(attr(m[1]!, 'IsFlags') === 'true' ? { flags: true } : {}),
      };
    }
    for (const m of body!.matchAll(/<Action ([^>]*?)>(.*?)<\/Action>/gs)) {
      if (attr(m[1]!, 'IsBound') !== 'true') continue;
      const parameters = [...m[2]!.matchAll(/<Parameter ([^>]*?)\/?>/g)].map((p) => ({
        name: attr(p[1]!, 'Name')!,
        type: full(attr(p[1]!, 'Type')!),
      }));
      const [binding, ...rest] = parameters;
      if (!binding) continue;
      model.actions[`${binding.type}/${attr(m[1]!, 'Name')}`] = Object.fromEntries(
        rest.map((p) => [p.name, p.type]),
      );
    }
  }
  return model;
}
