/**
 * helm's own directories, for the paths its messages name (helmpath: `$HELM_CACHE_HOME`, else
 * `$XDG_CACHE_HOME/helm`, else `~/.cache/helm`).
 */
import { homedir } from 'node:os';
import { posix } from 'node:path';

/** helm's cache home. */
export function helmCacheHome(env: NodeJS.ProcessEnv): string {
  return env.HELM_CACHE_HOME || posix.join(env.XDG_CACHE_HOME || posix.join(env.HOME || homedir(), '.cache'), 'helm');
}

/**
 * Where helm writes the index it downloads for `--repo`: `repository` under its cache home. helm's
 * chart repository object takes that path itself: `$HELM_REPOSITORY_CACHE` does not move it.
 */
export function helmIndexCopyDir(env: NodeJS.ProcessEnv): string {
  return posix.join(helmCacheHome(env), 'repository');
}

/** helm's repository cache setting: `$HELM_REPOSITORY_CACHE`, else `repository` under its cache home. */
export function helmRepositoryCache(env: NodeJS.ProcessEnv): string {
  return env.HELM_REPOSITORY_CACHE || helmIndexCopyDir(env);
}

/**
 * Where helm keeps a chart it downloads to render: helm 3 in its repository cache under the file's
 * name, helm 4 in its content cache under the archive's SHA-256 (`sha256:<hex>` or bare hex).
 */
export function helmDownloadPath(
  compat: 'helm3' | 'helm4',
  digest: string,
  fileName: string,
  env: NodeJS.ProcessEnv,
): string {
  if (compat === 'helm3') return posix.join(helmRepositoryCache(env), fileName);
  const hex = digest.replace(/^sha256:/, '');
  return posix.join(helmCacheHome(env), 'content', hex.slice(0, 2), `${hex}.chart`);
}
