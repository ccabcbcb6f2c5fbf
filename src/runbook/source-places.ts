// Maps a path inside the parsed document (['steps', 2, 'with', 'displayName']) back to the
// line and column in the file, so every problem can point at the exact spot.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePlace } from '../errors.ts';

export type DocPath = readonly (string | number)[];

export interface SourcePlaces {
  /** Position of the value at `path`; the deepest existing ancestor when the path is missing. */
  placeOf(path: DocPath): SourcePlace;
  /** Position of the key naming `path` (for "unknown key" problems); falls back like placeOf. */
  keyPlaceOf(path: DocPath): SourcePlace;
  /** Position of `needle` inside the scalar at `path` (a template inside a long text). */
  textPlaceOf(path: DocPath, needle: string): SourcePlace;
  /** The place a byte offset of the source text sits at. */
  offsetPlace(offset: number): SourcePlace;
}

interface Found {
  node: Node | null;
  keyNode: Node | null;
  /** False when the path ran out before reaching its last segment. */
  complete: boolean;
}

export function sourcePlaces(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  text: string,
): SourcePlaces {
  const offsetPlace = (offset: number): SourcePlace => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const nodeStart = (node: Node | null): number => node?.range?.[0] ?? 0;

  const find = (path: DocPath): Found => {
    let node = doc.contents ?? null;
    let keyNode: Node | null = null;
    for (const segment of path) {
      const collection = isAlias(node) ? (node.resolve(doc) ?? null) : node;
      const pair = findPair(collection, segment);
      if (!pair) return { node: node ?? keyNode, keyNode, complete: false };
      keyNode = pair.key;
      node = pair.value;
    }
    return { node, keyNode, complete: true };
  };

  const placeOf = (path: DocPath): SourcePlace => {
    const found = find(path);
    // `key:` with nothing after it yields an empty scalar right after the colon; the key is
    // the clearer place to point at.
    if (found.node === null || (isScalar(found.node) && found.node.source === '' && found.keyNode)) {
      return offsetPlace(nodeStart(found.keyNode));
    }
    return offsetPlace(nodeStart(found.node));
  };

  const keyPlaceOf = (path: DocPath): SourcePlace => {
    const found = find(path);
    if (found.complete && found.keyNode) return offsetPlace(nodeStart(found.keyNode));
    return placeOf(path);
  };

  const textPlaceOf = (path: DocPath, needle: string): SourcePlace => {
    const { node } = find(path);
    const range = node?.range;
    if (range && isScalar(node)) {
      const index = text.slice(range[0], range[1]).indexOf(needle);
      if (index >= 0) return offsetPlace(range[0] + index);
    }
    return placeOf(path);
  };

  return { placeOf, keyPlaceOf, textPlaceOf, offsetPlace };
}

function findPair(
  collection: Node | null,
  segment: string | number,
): { key: Node | null; value: Node | null } | undefined {
  if (isSeq(collection) && typeof segment === 'number') {
    const item = collection.items[segment] as Node | undefined;
    return item === undefined ? undefined : { key: item, value: item };
  }
  if (isMap(collection)) {
    for (const pair of collection.items) {
      const key = pair.key as Node | null;
      const keyValue = isScalar(key) ? key.value : key;
      if (keyValue === segment || String(keyValue) === String(segment)) {
        return { key, value: (pair.value as Node | null) ?? null };
      }
    }
  }
  return undefined;
}
