/**
 * Typed field readers over the YAML node tree, in the spirit of decoding into Go structs with
 * yaml.v3: a scalar read into a string field gives its text (`version: 1.20` stays `1.20`), unknown
 * fields are ignored, and a wrong shape is an error naming file, line and column.
 */

import { invalid } from './errors.js';
import type { Value, ValueMap } from './types.js';
import { at, toValue, type YNode, type YPos } from './yamlv3.js';

/** A mapping node as a key → node lookup (keys in document order). */
export class Fields {
  private readonly map = new Map<string, YNode>();
  constructor(
    readonly node: YNode & { kind: 'map' },
    readonly where: string,
  ) {
    for (const [k, v] of node.entries) this.map.set(k, v);
  }

  get pos(): YPos {
    return this.node.pos;
  }

  has(key: string): boolean {
    const n = this.map.get(key);
    return n !== undefined && !isNull(n);
  }

  raw(key: string): YNode | undefined {
    const n = this.map.get(key);
    return n === undefined || isNull(n) ? undefined : n;
  }

  string(key: string): string {
    const n = this.raw(key);
    if (n === undefined) return '';
    if (n.kind !== 'scalar') throw invalid(`${at(n.pos)}: ${this.where}.${key} must be a string`);
    return typeof n.value === 'string' ? n.value : n.raw;
  }

  bool(key: string): boolean {
    const n = this.raw(key);
    if (n === undefined) return false;
    if (n.kind !== 'scalar' || typeof n.value !== 'boolean') {
      throw invalid(`${at(n.pos)}: ${this.where}.${key} must be true or false`);
    }
    return n.value;
  }

  int(key: string): number {
    const n = this.raw(key);
    if (n === undefined) return 0;
    if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isInteger(n.value)) {
      throw invalid(`${at(n.pos)}: ${this.where}.${key} must be an integer`);
    }
    return n.value;
  }

  strings(key: string): string[] {
    const n = this.raw(key);
    if (n === undefined) return [];
    if (n.kind !== 'seq') throw invalid(`${at(n.pos)}: ${this.where}.${key} must be a list of strings`);
    return n.items.map((item, i) => {
      if (item.kind !== 'scalar' || item.value === null) {
        throw invalid(`${at(item.pos)}: ${this.where}.${key}[${i}] must be a string`);
      }
      return typeof item.value === 'string' ? item.value : item.raw;
    });
  }

  list(key: string): YNode[] {
    const n = this.raw(key);
    if (n === undefined) return [];
    if (n.kind !== 'seq') throw invalid(`${at(n.pos)}: ${this.where}.${key} must be a list`);
    return n.items;
  }

  object(key: string): Fields | undefined {
    const n = this.raw(key);
    if (n === undefined) return undefined;
    return asFields(n, `${this.where}.${key}`);
  }

  /** A free-form values map (e.g. `overrides`). */
  values(key: string): ValueMap | undefined {
    const n = this.raw(key);
    if (n === undefined) return undefined;
    if (n.kind !== 'map') throw invalid(`${at(n.pos)}: ${this.where}.${key} must be a mapping`);
    return toValue(n) as ValueMap;
  }

  value(key: string): Value | undefined {
    const n = this.raw(key);
    return n === undefined ? undefined : toValue(n);
  }
}

function isNull(n: YNode): boolean {
  return n.kind === 'scalar' && n.value === null;
}

/** Reads a node as a mapping, or fails naming `where`. */
export function asFields(n: YNode, where: string): Fields {
  if (n.kind !== 'map') throw invalid(`${at(n.pos)}: ${where} must be a mapping`);
  return new Fields(n, where);
}
