/**
 * `.helmignore` rules as helm's pkg/ignore applies them: one glob per line (filepath.Match), `#`
 * comments, `!` negation, trailing `/` for directories, leading `/` anchored at the chart root,
 * patterns without `/` matched against the base name, `**` rejected. Defaults add `templates/.?*`.
 */
import { filepathMatch } from './match.js';

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

export class IgnoreRules {
  private patterns: Pattern[] = [];

  /** Parses .helmignore content; throws with helm's message for `**` or malformed globs. */
  static parse(text: string): IgnoreRules {
    const rules = new IgnoreRules();
    for (const line of text.split('\n')) rules.parseRule(line);
    return rules;
  }

  static empty(): IgnoreRules {
    return new IgnoreRules();
  }

  /** helm's AddDefaults: dotfiles under templates/ are never loaded. */
  addDefaults(): this {
    this.parseRule('templates/.?*');
    return this;
  }

  private parseRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    // Reject patterns filepath.Match cannot compile.
    filepathMatch(rule, 'abc');
    const raw = rule;
    let negate = false;
    let mustDir = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    let match: (path: string) => boolean;
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      match = (n) => safeMatch(anchored, n);
    } else if (rule.includes('/')) {
      match = (n) => safeMatch(rule, n);
    } else {
      match = (n) => safeMatch(rule, n.slice(n.lastIndexOf('/') + 1));
    }
    this.patterns.push({ raw, negate, mustDir, match });
  }

  /** Whether `path` (slash-separated, relative to the chart root) is ignored. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return filepathMatch(pattern, name);
  } catch {
    return false;
  }
}
