/**
 * A YAML document as plain values with every scalar kept as written: the shape image extraction
 * walks (like yaml.v3's `Node.Value`, `tag: 1.10` stays `1.10`). Mappings are objects, sequences are
 * arrays, scalars are strings, plain nulls are {@link YamlNull}s with their spelling and a missing
 * value is `null`.
 *
 * {@link PlainTreeBuilder} builds it from go-yaml parser events, so a rendered document helm's YAML
 * check has just parsed need not be parsed again for extraction. It builds only simple documents and
 * gives up on anchors, aliases, merge keys, repeated keys, tags, null or collection keys: whoever asked then loads
 * the text with a full YAML loader.
 */
import { Ev, type Event } from './yaml-parser.js';
import { ScalarStyle } from './yaml-scanner.js';

/** A YAML null with its spelling (`~`, `null`, `Null`, `NULL`). */
export class YamlNull {
  constructor(readonly source: string) {}
}

/** A document built by {@link PlainTreeBuilder}. */
export type PlainYaml = null | string | YamlNull | PlainYaml[] | { [key: string]: PlainYaml };

const NULL_SPELLINGS = new Set(['~', 'null', 'Null', 'NULL']);

interface Frame {
  /** The mapping being filled, or undefined for a sequence. */
  map: Record<string, PlainYaml> | undefined;
  seq: PlainYaml[] | undefined;
  /** A mapping's pending key (undefined while the next node is a key). */
  key: string | undefined;
}

/** Builds a {@link PlainYaml} from the events inside one document (after DocumentStart). */
export class PlainTreeBuilder {
  /**
   * @param text the parsed text. A block scalar that ends the text is given up: loaders differ on
   * whether it keeps a final line break the text does not have (js-yaml adds it, and so does
   * `helm template`'s output, whose every document ends in one; go-yaml on the bare text does not),
   * and image extraction tells one-line values from multi-line ones.
   */
  constructor(text: string) {
    // Marks count characters, not UTF-16 units.
    this.characters = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text) ? [...text].length : text.length;
  }

  private readonly characters: number;

  private readonly stack: Frame[] = [];
  private root: PlainYaml = null;
  private complete = false;
  private failed = false;

  /** The built document, or undefined when it was given up or is not finished. */
  result(): PlainYaml | undefined {
    return this.complete && !this.failed ? this.root : undefined;
  }

  /** Gives up (the document is being read another way). */
  abandon(): void {
    this.failed = true;
  }

  push(e: Event): void {
    if (this.failed) return;
    if (e.anchor !== undefined || (e.tag !== undefined && e.tag !== '')) {
      this.failed = true;
      return;
    }
    switch (e.type) {
      case Ev.Scalar: {
        const value = e.value ?? '';
        if ((e.style === ScalarStyle.Literal || e.style === ScalarStyle.Folded) && e.end.index >= this.characters - 1) {
          this.failed = true;
          return;
        }
        const plain = e.implicit === true && e.style === ScalarStyle.Plain;
        if (this.atKey()) {
          if (plain && (value === '' || value === '<<' || NULL_SPELLINGS.has(value))) this.failed = true;
          else this.stack[this.stack.length - 1]!.key = value;
          return;
        }
        if (!plain) this.attach(value);
        else if (value === '') this.attach(null);
        else this.attach(NULL_SPELLINGS.has(value) ? new YamlNull(value) : value);
        return;
      }
      case Ev.SequenceStart:
      case Ev.MappingStart:
        if (this.atKey()) {
          this.failed = true;
          return;
        }
        if (e.type === Ev.SequenceStart) this.stack.push({ map: undefined, seq: [], key: undefined });
        else this.stack.push({ map: {}, seq: undefined, key: undefined });
        return;
      case Ev.SequenceEnd:
      case Ev.MappingEnd: {
        const f = this.stack.pop();
        if (f === undefined) this.failed = true;
        else this.attach(f.seq ?? f.map!);
        return;
      }
      default:
        this.failed = true;
    }
  }

  private atKey(): boolean {
    const f = this.stack[this.stack.length - 1];
    return f !== undefined && f.map !== undefined && f.key === undefined;
  }

  private attach(v: PlainYaml): void {
    const f = this.stack[this.stack.length - 1];
    if (f === undefined) {
      this.root = v;
      this.complete = true;
    } else if (f.seq !== undefined) f.seq.push(v);
    else {
      const key = f.key!;
      // A repeated key: image extraction must see every pair (yaml.v3 nodes keep them all).
      if (Object.hasOwn(f.map!, key)) {
        this.failed = true;
        return;
      }
      // `__proto__` is an ordinary key here, as in js-yaml.
      if (key === '__proto__')
        Object.defineProperty(f.map, key, { value: v, enumerable: true, writable: true, configurable: true });
      else f.map![key] = v;
      f.key = undefined;
    }
  }
}
