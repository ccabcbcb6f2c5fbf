// Anchors and aliases are allowed for honest reuse, but not to make a small file expand into a
// huge or circular document. yaml's maxAliasCount stops the classic exponential "billion laughs";
// this guard also measures the fully expanded size, which catches a few aliases of one giant
// anchor, and finds aliases that point nowhere or into themselves.
import { isAlias, isCollection, isPair, isScalar, type Alias, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.ts';
import { MAX_EXPANDED_CHARS } from './limits.ts';
import type { SourcePlaces } from './source-places.ts';

export function aliasProblems(doc: Document, places: SourcePlaces): Problem[] {
  const aliases = collectAliases(doc.contents);
  if (aliases.length === 0) return [];
  const problems: Problem[] = [];
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();

  const sizeOf = (node: Node | null): number => {
    if (node === null) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return Number.POSITIVE_INFINITY;
    inProgress.add(node);
    let size = 1;
    if (isAlias(node)) size = sizeOf(node.resolve(doc) ?? null);
    else if (isScalar(node)) size = Math.max(1, (node.range?.[1] ?? 0) - (node.range?.[0] ?? 0));
    else if (isCollection(node)) {
      for (const item of node.items) {
        size += isPair(item)
          ? sizeOf(item.key as Node | null) + sizeOf(item.value as Node | null)
          : sizeOf(item as Node);
      }
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };

  for (const alias of aliases) {
    const place = places.offsetPlace(alias.range?.[0] ?? 0);
    const target = alias.resolve(doc);
    if (!target) {
      problems.push({
        ...place,
        message: `YAML alias *${alias.source} has no anchor &${alias.source} before it`,
      });
    } else if (sizeOf(alias) === Number.POSITIVE_INFINITY) {
      problems.push({
        ...place,
        message: `YAML alias *${alias.source} refers to its own anchor (a circular document)`,
      });
    }
  }
  if (problems.length > 0) return problems;

  const expanded = sizeOf(doc.contents);
  if (expanded > MAX_EXPANDED_CHARS) {
    const biggest = aliases.reduce((a, b) => (sizeOf(b) > sizeOf(a) ? b : a));
    problems.push({
      ...places.offsetPlace(biggest.range?.[0] ?? 0),
      message:
        `YAML aliases expand too much: the document would grow to about ${expanded} characters ` +
        `(limit ${MAX_EXPANDED_CHARS}); write the repeated values out instead of using anchors (&) and aliases (*)`,
    });
  }
  return problems;
}

function collectAliases(node: Node | null, into: Alias[] = []): Alias[] {
  if (node === null) return into;
  if (isAlias(node)) into.push(node);
  else if (isCollection(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        collectAliases(item.key as Node | null, into);
        collectAliases(item.value as Node | null, into);
      } else collectAliases(item as Node, into);
    }
  }
  return into;
}
