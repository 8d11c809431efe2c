/**
 * go-yaml v2's event parser (the libyaml LL(1) grammar) over {@link Scanner} tokens, with the same
 * error texts and marks, and the node composer of go-yaml v2's decode.go (anchors are registered when
 * their node starts, so `&a [*a]` is an alias to itself; unknown aliases fail while parsing).
 */
import { type Mark, ScalarStyle, Scanner, Tok, type Token, YamlSyntaxError } from './yaml-scanner.js';

export enum Ev {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

/** A parser event (one class, so every event has the same shape). */
export class Event {
  constructor(
    readonly type: Ev,
    readonly start: Mark,
    readonly end: Mark,
    readonly anchor?: string,
    readonly tag?: string,
    readonly value?: string,
    readonly implicit?: boolean,
    readonly quotedImplicit?: boolean,
    readonly style?: ScalarStyle,
    readonly flow?: boolean,
  ) {}
}

enum St {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const NO_MARK: Mark = { index: 0, line: 0, column: 0 };

interface TagDirective {
  handle: string;
  prefix: string;
}
const DEFAULT_TAG_DIRECTIVES: TagDirective[] = [
  { handle: '!', prefix: '!' },
  { handle: '!!', prefix: 'tag:yaml.org,2002:' },
];

export class EventParser {
  private readonly sc: Scanner;
  private state = St.StreamStart;
  private states: St[] = [];
  private marks: Mark[] = [];
  private tagDirectives: TagDirective[] = [];

  constructor(text: string) {
    this.sc = new Scanner(text);
  }

  private err(problem: string, mark: Mark, context = '', contextMark: Mark = NO_MARK): never {
    throw new YamlSyntaxError('parser', problem, mark, context, contextMark);
  }

  private pop(): St {
    return this.states.pop()!;
  }

  /** The next event, or undefined after the stream end. */
  next(): Event | undefined {
    if (this.sc.ended || this.state === St.End) return undefined;
    return this.machine();
  }

  private machine(): Event {
    switch (this.state) {
      case St.StreamStart:
        return this.streamStart();
      case St.ImplicitDocumentStart:
        return this.documentStart(true);
      case St.DocumentStart:
        return this.documentStart(false);
      case St.DocumentContent:
        return this.documentContent();
      case St.DocumentEnd:
        return this.documentEnd();
      case St.BlockNode:
        return this.node(true, false);
      case St.BlockNodeOrIndentlessSequence:
        return this.node(true, true);
      case St.FlowNode:
        return this.node(false, false);
      case St.BlockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case St.BlockSequenceEntry:
        return this.blockSequenceEntry(false);
      case St.IndentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case St.BlockMappingFirstKey:
        return this.blockMappingKey(true);
      case St.BlockMappingKey:
        return this.blockMappingKey(false);
      case St.BlockMappingValue:
        return this.blockMappingValue();
      case St.FlowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case St.FlowSequenceEntry:
        return this.flowSequenceEntry(false);
      case St.FlowSequenceEntryMappingKey:
        return this.flowSequenceEntryMappingKey();
      case St.FlowSequenceEntryMappingValue:
        return this.flowSequenceEntryMappingValue();
      case St.FlowSequenceEntryMappingEnd:
        return this.flowSequenceEntryMappingEnd();
      case St.FlowMappingFirstKey:
        return this.flowMappingKey(true);
      case St.FlowMappingKey:
        return this.flowMappingKey(false);
      case St.FlowMappingValue:
        return this.flowMappingValue(false);
      case St.FlowMappingEmptyValue:
        return this.flowMappingValue(true);
      default:
        throw new Error('invalid parser state');
    }
  }

  private streamStart(): Event {
    const t = this.sc.peek();
    if (t.type !== Tok.StreamStart) this.err('did not find expected <stream-start>', t.start);
    this.state = St.ImplicitDocumentStart;
    this.sc.skipToken();
    return new Event(Ev.StreamStart, t.start, t.end);
  }

  private documentStart(implicit: boolean): Event {
    let t = this.sc.peek();
    if (!implicit) {
      while (t.type === Tok.DocumentEnd) {
        this.sc.skipToken();
        t = this.sc.peek();
      }
    }
    if (
      implicit &&
      t.type !== Tok.VersionDirective &&
      t.type !== Tok.TagDirective &&
      t.type !== Tok.DocumentStart &&
      t.type !== Tok.StreamEnd
    ) {
      this.processDirectives();
      this.states.push(St.DocumentEnd);
      this.state = St.BlockNode;
      return new Event(Ev.DocumentStart, t.start, t.end, undefined, undefined, undefined, true);
    }
    if (t.type !== Tok.StreamEnd) {
      const start = t.start;
      this.processDirectives();
      t = this.sc.peek();
      if (t.type !== Tok.DocumentStart) this.err('did not find expected <document start>', t.start);
      this.states.push(St.DocumentEnd);
      this.state = St.DocumentContent;
      const end = t.end;
      this.sc.skipToken();
      return new Event(Ev.DocumentStart, start, end, undefined, undefined, undefined, false);
    }
    this.state = St.End;
    this.sc.skipToken();
    return new Event(Ev.StreamEnd, t.start, t.end);
  }

  private documentContent(): Event {
    const t = this.sc.peek();
    if (
      t.type === Tok.VersionDirective ||
      t.type === Tok.TagDirective ||
      t.type === Tok.DocumentStart ||
      t.type === Tok.DocumentEnd ||
      t.type === Tok.StreamEnd
    ) {
      this.state = this.pop();
      return emptyScalar(t.start);
    }
    return this.node(true, false);
  }

  private documentEnd(): Event {
    const t = this.sc.peek();
    const start = t.start;
    let end = t.start;
    let implicit = true;
    if (t.type === Tok.DocumentEnd) {
      end = t.end;
      this.sc.skipToken();
      implicit = false;
    }
    this.tagDirectives = [];
    this.state = St.DocumentStart;
    return new Event(Ev.DocumentEnd, start, end, undefined, undefined, undefined, implicit);
  }

  private node(block: boolean, indentlessSequence: boolean): Event {
    let t = this.sc.peek();
    if (t.type === Tok.Alias) {
      this.state = this.pop();
      this.sc.skipToken();
      return new Event(Ev.Alias, t.start, t.end, t.value);
    }
    let start = t.start;
    let end = t.start;
    let tagToken = false;
    let tagHandle = '';
    let tagSuffix = '';
    let anchor: string | undefined;
    let tagMark = NO_MARK;
    if (t.type === Tok.Anchor) {
      anchor = t.value;
      start = t.start;
      end = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type === Tok.Tag) {
        tagToken = true;
        tagHandle = t.value!;
        tagSuffix = t.suffix!;
        tagMark = t.start;
        end = t.end;
        this.sc.skipToken();
        t = this.sc.peek();
      }
    } else if (t.type === Tok.Tag) {
      tagToken = true;
      tagHandle = t.value!;
      tagSuffix = t.suffix!;
      start = t.start;
      tagMark = t.start;
      end = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type === Tok.Anchor) {
        anchor = t.value;
        end = t.end;
        this.sc.skipToken();
        t = this.sc.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      if (tagHandle.length === 0) tag = tagSuffix;
      else {
        for (const d of this.tagDirectives) {
          if (d.handle === tagHandle) {
            tag = d.prefix + tagSuffix;
            break;
          }
        }
        if (tag.length === 0) this.err('found undefined tag handle', tagMark, 'while parsing a node', start);
      }
    }
    const implicit = tag.length === 0;
    if (indentlessSequence && t.type === Tok.BlockEntry) {
      this.state = St.IndentlessSequenceEntry;
      return new Event(Ev.SequenceStart, start, t.end, anchor, tag, undefined, implicit, undefined, undefined, false);
    }
    if (t.type === Tok.Scalar) {
      let plainImplicit = false;
      let quotedImplicit = false;
      if ((tag.length === 0 && t.style === ScalarStyle.Plain) || tag === '!') plainImplicit = true;
      else if (tag.length === 0) quotedImplicit = true;
      this.state = this.pop();
      this.sc.skipToken();
      return new Event(Ev.Scalar, start, t.end, anchor, tag, t.value, plainImplicit, quotedImplicit, t.style);
    }
    if (t.type === Tok.FlowSequenceStart) {
      this.state = St.FlowSequenceFirstEntry;
      return new Event(Ev.SequenceStart, start, t.end, anchor, tag, undefined, implicit, undefined, undefined, true);
    }
    if (t.type === Tok.FlowMappingStart) {
      this.state = St.FlowMappingFirstKey;
      return new Event(Ev.MappingStart, start, t.end, anchor, tag, undefined, implicit, undefined, undefined, true);
    }
    if (block && t.type === Tok.BlockSequenceStart) {
      this.state = St.BlockSequenceFirstEntry;
      return new Event(Ev.SequenceStart, start, t.end, anchor, tag, undefined, implicit, undefined, undefined, false);
    }
    if (block && t.type === Tok.BlockMappingStart) {
      this.state = St.BlockMappingFirstKey;
      return new Event(Ev.MappingStart, start, t.end, anchor, tag, undefined, implicit, undefined, undefined, false);
    }
    if (anchor !== undefined || tag.length > 0) {
      this.state = this.pop();
      return new Event(Ev.Scalar, start, end, anchor, tag, '', implicit, false, ScalarStyle.Plain);
    }
    this.err(
      'did not find expected node content',
      t.start,
      block ? 'while parsing a block node' : 'while parsing a flow node',
      start,
    );
  }

  private blockSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.sc.peek().start);
      this.sc.skipToken();
    }
    let t = this.sc.peek();
    if (t.type === Tok.BlockEntry) {
      const mark = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.BlockEntry && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockSequenceEntry);
        return this.node(true, false);
      }
      this.state = St.BlockSequenceEntry;
      return emptyScalar(mark);
    }
    if (t.type === Tok.BlockEnd) {
      this.state = this.pop();
      this.marks.pop();
      this.sc.skipToken();
      return new Event(Ev.SequenceEnd, t.start, t.end);
    }
    const cm = this.marks.pop()!;
    this.err("did not find expected '-' indicator", t.start, 'while parsing a block collection', cm);
  }

  private indentlessSequenceEntry(): Event {
    let t = this.sc.peek();
    if (t.type === Tok.BlockEntry) {
      const mark = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.BlockEntry && t.type !== Tok.Key && t.type !== Tok.Value && t.type !== Tok.BlockEnd) {
        this.states.push(St.IndentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = St.IndentlessSequenceEntry;
      return emptyScalar(mark);
    }
    this.state = this.pop();
    return new Event(Ev.SequenceEnd, t.start, t.start);
  }

  private blockMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.sc.peek().start);
      this.sc.skipToken();
    }
    let t = this.sc.peek();
    if (t.type === Tok.Key) {
      const mark = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.Key && t.type !== Tok.Value && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockMappingValue);
        return this.node(true, true);
      }
      this.state = St.BlockMappingValue;
      return emptyScalar(mark);
    }
    if (t.type === Tok.BlockEnd) {
      this.state = this.pop();
      this.marks.pop();
      this.sc.skipToken();
      return new Event(Ev.MappingEnd, t.start, t.end);
    }
    const cm = this.marks.pop()!;
    this.err('did not find expected key', t.start, 'while parsing a block mapping', cm);
  }

  private blockMappingValue(): Event {
    let t = this.sc.peek();
    if (t.type === Tok.Value) {
      const mark = t.end;
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.Key && t.type !== Tok.Value && t.type !== Tok.BlockEnd) {
        this.states.push(St.BlockMappingKey);
        return this.node(true, true);
      }
      this.state = St.BlockMappingKey;
      return emptyScalar(mark);
    }
    this.state = St.BlockMappingKey;
    return emptyScalar(t.start);
  }

  private flowSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.sc.peek().start);
      this.sc.skipToken();
    }
    let t = this.sc.peek();
    if (t.type !== Tok.FlowSequenceEnd) {
      if (!first) {
        if (t.type === Tok.FlowEntry) {
          this.sc.skipToken();
          t = this.sc.peek();
        } else {
          const cm = this.marks.pop()!;
          this.err("did not find expected ',' or ']'", t.start, 'while parsing a flow sequence', cm);
        }
      }
      if (t.type === Tok.Key) {
        this.state = St.FlowSequenceEntryMappingKey;
        this.sc.skipToken();
        return new Event(
          Ev.MappingStart,
          t.start,
          t.end,
          undefined,
          undefined,
          undefined,
          true,
          undefined,
          undefined,
          true,
        );
      }
      if (t.type !== Tok.FlowSequenceEnd) {
        this.states.push(St.FlowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    this.sc.skipToken();
    return new Event(Ev.SequenceEnd, t.start, t.end);
  }

  private flowSequenceEntryMappingKey(): Event {
    const t = this.sc.peek();
    if (t.type !== Tok.Value && t.type !== Tok.FlowEntry && t.type !== Tok.FlowSequenceEnd) {
      this.states.push(St.FlowSequenceEntryMappingValue);
      return this.node(false, false);
    }
    const mark = t.end;
    this.sc.skipToken();
    this.state = St.FlowSequenceEntryMappingValue;
    return emptyScalar(mark);
  }

  private flowSequenceEntryMappingValue(): Event {
    let t = this.sc.peek();
    if (t.type === Tok.Value) {
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.FlowEntry && t.type !== Tok.FlowSequenceEnd) {
        this.states.push(St.FlowSequenceEntryMappingEnd);
        return this.node(false, false);
      }
    }
    this.state = St.FlowSequenceEntryMappingEnd;
    return emptyScalar(t.start);
  }

  private flowSequenceEntryMappingEnd(): Event {
    const t = this.sc.peek();
    this.state = St.FlowSequenceEntry;
    return new Event(Ev.MappingEnd, t.start, t.start);
  }

  private flowMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.sc.peek().start);
      this.sc.skipToken();
    }
    let t = this.sc.peek();
    if (t.type !== Tok.FlowMappingEnd) {
      if (!first) {
        if (t.type === Tok.FlowEntry) {
          this.sc.skipToken();
          t = this.sc.peek();
        } else {
          const cm = this.marks.pop()!;
          this.err("did not find expected ',' or '}'", t.start, 'while parsing a flow mapping', cm);
        }
      }
      if (t.type === Tok.Key) {
        this.sc.skipToken();
        t = this.sc.peek();
        if (t.type !== Tok.Value && t.type !== Tok.FlowEntry && t.type !== Tok.FlowMappingEnd) {
          this.states.push(St.FlowMappingValue);
          return this.node(false, false);
        }
        this.state = St.FlowMappingValue;
        return emptyScalar(t.start);
      }
      if (t.type !== Tok.FlowMappingEnd) {
        this.states.push(St.FlowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.state = this.pop();
    this.marks.pop();
    this.sc.skipToken();
    return new Event(Ev.MappingEnd, t.start, t.end);
  }

  private flowMappingValue(empty: boolean): Event {
    let t = this.sc.peek();
    if (empty) {
      this.state = St.FlowMappingKey;
      return emptyScalar(t.start);
    }
    if (t.type === Tok.Value) {
      this.sc.skipToken();
      t = this.sc.peek();
      if (t.type !== Tok.FlowEntry && t.type !== Tok.FlowMappingEnd) {
        this.states.push(St.FlowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = St.FlowMappingKey;
    return emptyScalar(t.start);
  }

  private processDirectives(): void {
    let version = false;
    const local: TagDirective[] = [];
    let t: Token = this.sc.peek();
    while (t.type === Tok.VersionDirective || t.type === Tok.TagDirective) {
      if (t.type === Tok.VersionDirective) {
        if (version) this.err('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.err('found incompatible YAML document', t.start);
        version = true;
      } else {
        const d = { handle: t.value!, prefix: t.prefix! };
        this.appendTagDirective(d, false, t.start);
        local.push(d);
      }
      this.sc.skipToken();
      t = this.sc.peek();
    }
    for (const d of DEFAULT_TAG_DIRECTIVES) this.appendTagDirective(d, true, t.start);
  }

  private appendTagDirective(d: TagDirective, allowDuplicates: boolean, mark: Mark): void {
    for (const e of this.tagDirectives) {
      if (e.handle === d.handle) {
        if (allowDuplicates) return;
        this.err('found duplicate %TAG directive', mark);
      }
    }
    this.tagDirectives.push({ ...d });
  }
}

function emptyScalar(mark: Mark): Event {
  return new Event(Ev.Scalar, mark, mark, undefined, '', '', true, undefined, ScalarStyle.Plain);
}

// ---------------------------------------------------------------------------------------------
// Composer: events → nodes, like go-yaml v2's decode.go parser.

export type NodeKind = 'document' | 'mapping' | 'sequence' | 'scalar' | 'alias';

export interface YamlNode {
  kind: NodeKind;
  line: number;
  column: number;
  tag: string;
  value: string;
  implicit: boolean;
  style?: ScalarStyle;
  children: YamlNode[];
  alias?: YamlNode;
}

/** A go-yaml "failf" error: a message without position (`yaml: unknown anchor 'x' referenced`). */
export class YamlDecodeError extends Error {
  constructor(readonly goMessage: string) {
    super(goMessage);
    this.name = 'YamlDecodeError';
  }
}

const NO_CHILDREN: YamlNode[] = [];

/**
 * Parses the first document of `text` into a node tree, like go-yaml v2's Unmarshal (later documents
 * are never looked at beyond the token that ends the first one). Returns undefined for an empty stream.
 */
export function composeFirstDocument(text: string): YamlNode | undefined {
  const p = new EventParser(text.length === 0 ? '\n' : text);
  let pending: Event | undefined;
  const peek = (): Event => {
    if (!pending) pending = p.next();
    return pending!;
  };
  const expect = (type: Ev): Event => {
    const e = peek();
    if (e.type === Ev.StreamEnd) throw new YamlDecodeError('attempted to go past the end of stream; corrupted value?');
    if (e.type !== type) throw new YamlDecodeError(`expected ${Ev[type]} event but got ${Ev[e.type]}`);
    pending = undefined;
    return e;
  };
  let anchors = new Map<string, YamlNode>();
  const mk = (kind: NodeKind, e: Event): YamlNode => ({
    kind,
    line: e.start.line,
    column: e.start.column,
    tag: '',
    value: '',
    implicit: false,
    style: undefined,
    // Scalars and aliases share one (never filled) empty list.
    children: kind === 'scalar' || kind === 'alias' ? NO_CHILDREN : [],
    alias: undefined,
  });
  // Iterative to survive deeply nested input (go-yaml bounds depth at 10000 in the scanner).
  const parseNode = (): YamlNode => {
    const root: { node?: YamlNode } = {};
    const stack: YamlNode[] = [];
    const attach = (n: YamlNode) => {
      if (stack.length === 0) root.node = n;
      else stack[stack.length - 1]!.children.push(n);
    };
    do {
      const e = peek();
      switch (e.type) {
        case Ev.Scalar: {
          const n = mk('scalar', e);
          n.value = e.value ?? '';
          n.tag = e.tag ?? '';
          n.implicit = !!e.implicit;
          n.style = e.style;
          if (e.anchor !== undefined) anchors.set(e.anchor, n);
          expect(Ev.Scalar);
          attach(n);
          break;
        }
        case Ev.Alias: {
          const n = mk('alias', e);
          n.value = e.anchor ?? '';
          n.alias = anchors.get(n.value);
          if (!n.alias) throw new YamlDecodeError(`unknown anchor '${n.value}' referenced`);
          expect(Ev.Alias);
          attach(n);
          break;
        }
        case Ev.SequenceStart:
        case Ev.MappingStart: {
          const n = mk(e.type === Ev.SequenceStart ? 'sequence' : 'mapping', e);
          n.tag = e.tag ?? '';
          if (e.anchor !== undefined) anchors.set(e.anchor, n);
          expect(e.type);
          attach(n);
          stack.push(n);
          break;
        }
        case Ev.SequenceEnd:
        case Ev.MappingEnd:
          expect(e.type);
          stack.pop();
          break;
        default:
          throw new YamlDecodeError(`attempted to parse unknown event: ${Ev[e.type]}`);
      }
    } while (stack.length > 0);
    return root.node!;
  };
  expect(Ev.StreamStart);
  const e = peek();
  if (e.type === Ev.StreamEnd) return undefined;
  const doc = mk('document', e);
  anchors = new Map();
  expect(Ev.DocumentStart);
  doc.children.push(parseNode());
  expect(Ev.DocumentEnd);
  return doc;
}
