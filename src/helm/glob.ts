/**
 * gobwas/glob with `/` as separator, as `.Files.Glob` uses it: `*` (no `/`), `**` (anything), `?`,
 * `[abc]`/`[a-z]`/`[!…]` classes, `{a,b}` alternatives and `\` escapes. Compiled to an anchored RegExp.
 */

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Returns the RegExp for a glob, or undefined when gobwas/glob would reject the pattern. */
export function globToRegExp(pattern: string): RegExp | undefined {
  let i = 0;
  const chars = [...pattern];

  function parseSeq(inAlt: boolean): string | undefined {
    let out = '';
    while (i < chars.length) {
      const c = chars[i]!;
      if (inAlt && (c === ',' || c === '}')) return out;
      i++;
      switch (c) {
        case '*':
          if (chars[i] === '*') {
            i++;
            out += '.*';
          } else out += '[^/]*';
          break;
        case '?':
          out += '[^/]';
          break;
        case '\\': {
          const next = chars[i++];
          if (next === undefined) return undefined;
          out += escapeRegExp(next);
          break;
        }
        case '[': {
          let negate = false;
          if (chars[i] === '!') {
            negate = true;
            i++;
          }
          let cls = '';
          let closed = false;
          while (i < chars.length) {
            const d = chars[i++]!;
            if (d === ']') {
              closed = true;
              break;
            }
            if (d === '\\') {
              const e = chars[i++];
              if (e === undefined) return undefined;
              cls += escapeRegExp(e);
              continue;
            }
            if (d === '-' && cls.length > 0 && chars[i] !== ']') {
              cls += '-';
              continue;
            }
            cls += escapeRegExp(d);
          }
          if (!closed || cls === '') return undefined;
          out += negate ? `[^${cls}]` : `[${cls}]`;
          break;
        }
        case '{': {
          const alts: string[] = [];
          for (;;) {
            const seq = parseSeq(true);
            if (seq === undefined) return undefined;
            alts.push(seq);
            const d = chars[i++];
            if (d === '}') break;
            if (d !== ',') return undefined;
          }
          out += `(?:${alts.join('|')})`;
          break;
        }
        case '}':
        case ']':
          if (inAlt) return undefined;
          out += escapeRegExp(c);
          break;
        default:
          out += escapeRegExp(c);
      }
    }
    return inAlt ? undefined : out;
  }

  const body = parseSeq(false);
  if (body === undefined) return undefined;
  try {
    return new RegExp(`^${body}$`, 'su');
  } catch {
    return undefined;
  }
}
