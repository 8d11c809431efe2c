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
