/**
 * The namespace `helm template` renders into: `--namespace`, else `$HELM_NAMESPACE`, else the
 * namespace of the kubeconfig context (`--kube-context`, `$HELM_KUBECONTEXT` or the current one),
 * else `default` — client-go's rules, so a kubeconfig pointing at a namespace changes
 * `.Release.Namespace` for helm and for helmless alike. Only the namespace is read; nothing
 * connects to a cluster.
 */
import { readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ParsedFlags } from './flags.js';
import type { CliIO } from './io.js';

/** Resolves the render namespace for a template command line. */
export function renderNamespace(flags: ParsedFlags, io: CliIO): string {
  const given = flags.strings.get('namespace') ?? io.env.HELM_NAMESPACE ?? '';
  if (given !== '') return given;
  const files = kubeconfigFiles(flags, io);
  const configs = files.map((f) => readKubeconfig(resolve(io.cwd, f))).filter((c) => c !== undefined);
  const contextName =
    flags.strings.get('kube-context') ||
    io.env.HELM_KUBECONTEXT ||
    configs.map((c) => stringField(c, 'current-context')).find((n) => n !== '');
  if (!contextName) return 'default';
  // Merged kubeconfigs: the first file that defines a context wins.
  for (const config of configs) {
    const contexts = config.contexts;
    if (!Array.isArray(contexts)) continue;
    const entry = contexts.find((c) => isRecord(c) && c.name === contextName);
    if (!isRecord(entry)) continue;
    const ns = isRecord(entry.context) ? stringField(entry.context, 'namespace') : '';
    return ns === '' ? 'default' : ns;
  }
  return 'default';
}

/** `--kubeconfig`, else the `$KUBECONFIG` list, else `~/.kube/config`. */
function kubeconfigFiles(flags: ParsedFlags, io: CliIO): string[] {
  const explicit = flags.strings.get('kubeconfig');
  if (explicit) return [explicit];
  const list = io.env.KUBECONFIG;
  if (list) return list.split(delimiter).filter((p) => p !== '');
  const home = io.env.HOME ?? io.env.USERPROFILE;
  return home ? [join(home, '.kube', 'config')] : [];
}

/** A kubeconfig document, or undefined when it is missing or unreadable (client-go skips those). */
function readKubeconfig(path: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
    return isRecord(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringField(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}
