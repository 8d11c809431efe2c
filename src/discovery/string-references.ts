/**
 * Image references written inside other strings: container arguments
 * (`--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1`),
 * environment values, scripts. Operators start these images at run time, so the `image` keys of a
 * render never name them, and an air-gapped install that mirrors only those breaks later. Upstream
 * `aicr mirror list` does not look here (spec §8.3 "Not covered"); helmless does on request
 * (`--scan-strings`).
 *
 * Free text holds many things that look a little like references (URLs, label selectors, paths), so
 * only complete, fully qualified references count, by the grammar of distribution/reference:
 * a registry host (with a `.`, a `:port`, or `localhost`), one or more lowercase path components,
 * and a tag or a digest. Shapes that fit the grammar but are Kubernetes taints and labels are left
 * out: hosts under `kubernetes.io` and a few other label-only domains (no registry is there;
 * `node-role.kubernetes.io/master:NoSchedule`), the taint effects as tags (`nvidia.com/gpu:NoSchedule`)
 * and boolean label values as tags (`nvidia.com/gpu.present:true`); so are Go source positions and
 * API group/version:kind triples.
 */

import { DIGEST, DOMAIN_COMPONENT, MAX_NAME_LENGTH, PATH_COMPONENT, TAG } from './reference-grammar.js';

/** A registry host as spec §8.5 has it: a dot, a port, or `localhost`. */
const REGISTRY = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})+(?::[0-9]+)?|${DOMAIN_COMPONENT}:[0-9]+|localhost)`;
const QUALIFIED_REFERENCE = new RegExp(`^${REGISTRY}(?:/${PATH_COMPONENT})+(?::${TAG}(?:@${DIGEST})?|@${DIGEST})$`);

/**
 * Label and annotation key domains that host no registry. Besides taints, their keys reach strings as
 * `KEY:VALUE` selectors and maps: Longhorn's `systemManagedComponentsNodeSelector`
 * (`node.longhorn.io/storage:enabled`), Spring Cloud Data Flow's `podAnnotations`
 * (`prometheus.io/port:8080`), Istio's `istio.io/rev:default`.
 */
const LABEL_DOMAIN = /^(?:[^/]*\.)?(?:kubernetes|prometheus|istio|longhorn)\.io\//;
/** A boolean label value (`sidecar.istio.io/inject:false`, `nvidia.com/gpu.present:true`); no image tag is one. */
const BOOLEAN_VALUE = /:(?:true|false)$/i;
/** Taint effects, which follow a taint key as `KEY:EFFECT`. */
const TAINT_EFFECT = /:(?:NoSchedule|PreferNoSchedule|NoExecute)$/;
/**
 * A Go source position (`k8s.io/kubernetes/pkg/kubelet/kubelet.go:458`, as klog prints it): a module
 * path with a file and a line fits the grammar, and no image is named `*.go`.
 */
const GO_SOURCE_POSITION = /\.go:[0-9]+$/;
/**
 * A Kubernetes API group, version and kind (`cert-manager.io/v1:Certificate`,
 * `monitoring.coreos.com/v1:PrometheusRule`): no repository is named like an API version, and a
 * capitalised tag after one is a kind.
 */
const GROUP_VERSION_KIND = /\/v[0-9]+(?:(?:alpha|beta)[0-9]+)?:[A-Z][A-Za-z0-9]*$/;

/**
 * Runs of the characters a reference is made of. Everything else separates them: spaces, `=`
 * (`--flag=REF`), quotes, commas, brackets.
 */
const TOKEN = /[A-Za-z0-9._:/@-]+/g;
/** Longer runs cannot be a reference (name, tag and digest at their longest), and are not tested. */
const MAX_TOKEN_LENGTH = MAX_NAME_LENGTH + 1 + 128 + 1 + 200;
/**
 * Transports that name a registry image as a URL: skopeo's and KubeVirt CDI's `docker://REF`, and
 * `oci://REF` for OCI artifacts an operator hands on (Kuadrant's
 * `RELATED_IMAGE_WASMSHIM=oci://quay.io/kuadrant/wasm-shim:v0.4.0`). Any other `scheme://` is a URL.
 */
const IMAGE_TRANSPORT = /^(?:docker|oci):\/\//;
/**
 * A shell default, `${VAR:-REF}` (`E2E_IMAGE=${E2E_IMAGE:-registry.k8s.io/ingress-nginx/e2e-test-runner:…}`
 * in scripts): `:-` is never inside a reference (a tag and a port cannot start with `-`), so what
 * follows the last one is the candidate.
 */
const SHELL_DEFAULT = ':-';

/** Whether `text` is one complete, fully qualified image reference with a tag or digest. */
export function isQualifiedReference(text: string): boolean {
  if (!QUALIFIED_REFERENCE.test(text) || LABEL_DOMAIN.test(text) || TAINT_EFFECT.test(text)) return false;
  if (GO_SOURCE_POSITION.test(text) || BOOLEAN_VALUE.test(text) || GROUP_VERSION_KIND.test(text)) return false;
  const end = text.search(/[:@][^/]*$/);
  return end <= MAX_NAME_LENGTH;
}

/**
 * The fully qualified image references inside `text`, in order of appearance (repeats included).
 * Sentence punctuation after a reference is not part of it (`… quay.io/x/y:v1.` ends at `v1`), nor
 * is a shell variable's `VAR:-` or a `docker://` or `oci://` transport before it.
 */
export function findStringReferences(text: string): string[] {
  if (!text.includes('/')) return [];
  const found: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (match[0].length > MAX_TOKEN_LENGTH || !match[0].includes('/')) continue;
    let token = match[0].replace(/[.:]+$/, '');
    const shellDefault = token.lastIndexOf(SHELL_DEFAULT);
    if (shellDefault >= 0) token = token.slice(shellDefault + SHELL_DEFAULT.length);
    if (IMAGE_TRANSPORT.test(token)) token = token.slice(token.indexOf('://') + 3);
    if (token.includes('://')) continue;
    if (isQualifiedReference(token)) found.push(token);
  }
  return found;
}
