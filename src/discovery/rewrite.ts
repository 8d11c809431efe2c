/**
 * `--repository-rewrite FROM=TO`: fetch charts through a mirror or a local test server while the
 * output keeps the recipe's coordinates. Works for HTTP repositories and `oci://` prefixes; the
 * longest matching prefix wins, and a prefix only matches whole path segments.
 */
import { invalid } from './errors.js';

export interface RepositoryRewrite {
  from: string;
  to: string;
}

const trimSlashes = (s: string) => s.replace(/\/+$/, '');

/** Parses one `FROM=TO` flag value. */
export function parseRepositoryRewrite(flag: string): RepositoryRewrite {
  const eq = flag.indexOf('=');
  const from = eq < 0 ? '' : trimSlashes(flag.slice(0, eq).trim());
  const to = eq < 0 ? '' : trimSlashes(flag.slice(eq + 1).trim());
  if (from === '' || to === '') {
    throw invalid(
      `invalid --repository-rewrite "${flag}": expected FROM=TO, e.g. https://charts.example.com=http://127.0.0.1:8879/charts`,
    );
  }
  if (!/^(https?|oci):\/\/[^/]/.test(from)) {
    throw invalid(`invalid --repository-rewrite "${flag}": "${from}" must start with http://, https:// or oci://`);
  }
  // The target may also be a chart repository directory on disk (file:///abs/dir).
  for (const u of [to]) {
    if (!/^(https?|oci):\/\/[^/]/.test(u) && !/^file:\/\/\/./.test(u)) {
      throw invalid(
        `invalid --repository-rewrite "${flag}": "${u}" must start with http://, https://, oci:// or file:///`,
      );
    }
  }
  return { from, to };
}

/** The repository to fetch from: the longest matching rewrite applied, or the input unchanged. */
export function rewriteRepository(repository: string, rewrites: RepositoryRewrite[]): string {
  let best: RepositoryRewrite | undefined;
  for (const r of rewrites) {
    const matches = repository === r.from || repository.startsWith(`${r.from}/`);
    if (matches && (!best || r.from.length > best.from.length)) best = r;
  }
  return best ? best.to + repository.slice(best.from.length) : repository;
}
