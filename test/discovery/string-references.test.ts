// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell and envsubst variables in real script lines are literal text
/**
 * The string scan's reference finder (beyond upstream): fully qualified references inside other
 * strings, with no false positives on the shapes free text in manifests is full of.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findStringReferences, isQualifiedReference } from '../../src/discovery/string-references.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('isQualifiedReference', () => {
  it.each([
    'quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
    'nvcr.io/nvidia/mellanox/network-operator-init-container:network-operator-v26.4.1',
    `nvcr.io/nvidia/skyhook/agent:v6.4.1@${DIGEST}`,
    `registry.k8s.io/pause@${DIGEST}`,
    'registry.k8s.io/pause:3.10',
    'localhost/a:1',
    'localhost:5000/team/app:latest',
    'registry:5000/app:1.0',
    'my-registry.example.com:8443/a/b/c:2024.01_rc-1',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1',
    'us-central1-docker.pkg.dev/k8s-staging-images/kueue/kueue:release-0.19',
    'ghcr.io/org/name__with.separators---here:tag',
    // an image whose tag merely starts with a capital, and one whose path holds a version
    'mcr.microsoft.com/powershell:Nanoserver',
    'ghcr.io/example/api/v1:v1.2.3',
  ])('accepts %s', (ref) => {
    expect(isQualifiedReference(ref)).toBe(true);
  });

  it.each([
    ['no tag or digest', 'quay.io/prometheus/prometheus'],
    ['no registry host', 'library/busybox:1.36'],
    ['a bare name', 'busybox:1.36'],
    ['only a registry', 'quay.io:443'],
    ['a URL', 'https://quay.io/prometheus/prometheus:v1'],
    ['upper case in the path', 'ghcr.io/NVIDIA/driver:550'],
    ['a leading separator', 'quay.io/-x/y:1'],
    ['an empty path component', 'quay.io//y:1'],
    ['a tag too long', `quay.io/x:${'a'.repeat(129)}`],
    ['a short digest', 'quay.io/x@sha256:abc'],
    ['a taint key and effect', 'node-role.kubernetes.io/control-plane:NoSchedule'],
    ['a taint on a vendor key', 'nvidia.com/gpu:NoExecute'],
    ['a label domain', 'topology.kubernetes.io/zone:us-east-1a'],
    ['a Prometheus scrape annotation', 'prometheus.io/port:8080'],
    ['a Longhorn node label', 'node.longhorn.io/create-default-disk:config'],
    ['an Istio revision label', 'istio.io/rev:default'],
    ['a boolean label value', 'feature.node.example.com/gpu:True'],
    ['an API group, version and kind', 'snapshot.storage.k8s.io/v1beta1:VolumeSnapshot'],
    ['a Go module version', 'k8s.io/client-go@v0.30.1'],
    ['a Go source position', 'sigs.k8s.io/controller-runtime/pkg/internal/controller/controller.go:324'],
    ['a name over 255 characters', `quay.io/${'a'.repeat(250)}:1`],
  ])('rejects %s', (_what, text) => {
    expect(isQualifiedReference(text)).toBe(false);
  });
});

describe('findStringReferences', () => {
  it('finds references after flags, in env-like assignments, quoted, in lists and in scripts', () => {
    expect(
      findStringReferences(
        '--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1',
      ),
    ).toEqual(['quay.io/prometheus-operator/prometheus-config-reloader:v0.90.1']);
    expect(findStringReferences('RELATED_IMAGE_AGENT="nvcr.io/nvidia/agent:v1",other=ghcr.io/o/b:2')).toEqual([
      'nvcr.io/nvidia/agent:v1',
      'ghcr.io/o/b:2',
    ]);
    expect(
      findStringReferences('#!/bin/sh\nset -e\ncrane copy docker.io/library/alpine:3.20 localhost:5000/alpine:3.20\n'),
    ).toEqual(['docker.io/library/alpine:3.20', 'localhost:5000/alpine:3.20']);
    expect(findStringReferences('[quay.io/a/b:1, quay.io/a/b:1]')).toEqual(['quay.io/a/b:1', 'quay.io/a/b:1']);
  });

  it('leaves sentence punctuation off and skips what is not a reference', () => {
    expect(findStringReferences('Pull quay.io/x/y:v1. Then run it.')).toEqual(['quay.io/x/y:v1']);
    expect(findStringReferences('see https://quay.io/x/y:v1 and /etc/config.yaml:3, key=value')).toEqual([]);
    expect(findStringReferences('--taints=nvidia.com/gpu:NoSchedule --image-name=quay.io/x/y')).toEqual([]);
    expect(findStringReferences('no slash here at all: v1.2.3')).toEqual([]);
  });

  it('takes linear time on long runs of reference characters', () => {
    const long = `${'a.'.repeat(200_000)}/x:1 ${'b'.repeat(400_000)} ${':/'.repeat(100_000)}`;
    const start = performance.now();
    expect(findStringReferences(long)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('finds any qualified reference between separators, and only such references', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,4})?$/);
    const reference = fc
      .tuple(
        fc.constantFrom('quay.io', 'nvcr.io', 'registry.k8s.io', 'localhost:5000', 'r.example.com:8443'),
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}[A-Za-z0-9_]$/),
      )
      .map(([host, path, tag]) => `${host}/${path.join('/')}:${tag}`)
      // the shapes the finder leaves out on purpose: taints, boolean label values, Go source
      // positions, API group/version:kind
      .filter(
        (r) =>
          !/:(?:NoSchedule|PreferNoSchedule|NoExecute|true|false)$/i.test(r) &&
          !/\.go:[0-9]+$/.test(r) &&
          !/\/v[0-9]+(?:(?:alpha|beta)[0-9]+)?:[A-Z][A-Za-z0-9]*$/.test(r),
      );
    const separator = fc.constantFrom(' ', '=', '"', "'", ',', '\n', '\t', '(', ')', ' --flag=');
    const filler = fc.string({ maxLength: 12 }).map((s) => s.replace(/[A-Za-z0-9._:/@-]/g, ' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, separator, reference, separator), { maxLength: 4 }), (parts) => {
        const text = parts.map(([f, a, r, b]) => `${f}${a}${r}${b}`).join('');
        const found = findStringReferences(text);
        expect(found).toEqual(parts.map(([, , r]) => r));
        for (const r of found) expect(isQualifiedReference(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Strings taken from public manifests, chart values, operator bundles and scripts (the source of each
 * group is in its comment), so the finder is held to what real text looks like.
 */
describe('findStringReferences on real-world strings', () => {
  const REDHAT_DIGEST = 'sha256:36a24459014086c2df189ba457f01fb41d566a46e1986a6701ef113e14ac34af';
  const RBAC_PROXY_DIGEST = 'sha256:ba9ff4c933739f1774bc8277d636053c5306863221a8c7b7b9ddc4470eb7feff';
  const KNATIVE_DIGEST = 'sha256:044452b549edf0ecc6e3e6a778c3902bc1e28973ea5c6503e0ab9e61918d8e08';
  const ACMESOLVER_DIGEST = 'sha256:7e4e2e023fcd24b64e597848c8b1bf25674d267dfc8a7b3ad72ce9eb0c75e917';
  const GSUTIL_DIGEST = 'sha256:27b2c22bf259d9bc1a291e99c63791ba0c27a04d2db0a43241ba0f1f20f4067f';
  const POWERSHELL_DIGEST = 'sha256:b6d5ff841b78bdf2dfed7550000fd4f3437385b8fa686ec0f010be24777654d6';
  const E2E_DIGEST = 'sha256:192e9e4b4f660093a3bc73e1a5e702ee287eb2a351f38cdc5f72e1ff94e65e31';
  const KUBECTL_DIGEST = 'sha256:99b37df34bc4f99ee322521d4c85cb98c1ceb8f70ff0618bef84eec9fe1ebc20';

  it.each([
    // prometheus-operator Deployment args (kube-prometheus manifests as copied into many repos and docs)
    ['--config-reloader-image=quay.io/coreos/configmap-reload:v0.0.1', ['quay.io/coreos/configmap-reload:v0.0.1']],
    [
      '--prometheus-config-reloader=quay.io/coreos/prometheus-config-reloader:v0.31.1',
      ['quay.io/coreos/prometheus-config-reloader:v0.31.1'],
    ],
    // a markdown-mangled copy of the same args: the link text and the URL are separate tokens
    [
      '--config-reloader-image=[hub-paas.hexin.cn/ths/jimmidyson/configmap-reload:v0.3.0](http://hub-paas.hexin.cn/ths/jimmidyson/configmap-reload:v0.3.0)',
      ['hub-paas.hexin.cn/ths/jimmidyson/configmap-reload:v0.3.0'],
    ],
    // Kuadrant/kuadrant-operator make/release.mk
    [
      'RELATED_IMAGE_CONSOLEPLUGIN=quay.io/kuadrant/console-plugin:v0.0.14',
      ['quay.io/kuadrant/console-plugin:v0.0.14'],
    ],
    // openshift/external-dns-operator bundle-hack/container_digest.sh
    [
      `export OPERAND_IMAGE_PULLSPEC='registry.redhat.io/edo/external-dns-rhel9@${REDHAT_DIGEST}'`,
      [`registry.redhat.io/edo/external-dns-rhel9@${REDHAT_DIGEST}`],
    ],
    [
      `export KUBE_RBAC_PROXY_IMAGE_PULLSPEC='registry.redhat.io/openshift4/ose-kube-rbac-proxy@${RBAC_PROXY_DIGEST}'`,
      [`registry.redhat.io/openshift4/ose-kube-rbac-proxy@${RBAC_PROXY_DIGEST}`],
    ],
    // CrunchyData/postgres-operator installers/olm/config/redhat/related-images.yaml (flow-style env)
    [
      "- { name: RELATED_IMAGE_PGBACKREST, value: 'registry.connect.redhat.com/crunchydata/crunchy-pgbackrest:ubi8-2.33-0' }",
      ['registry.connect.redhat.com/crunchydata/crunchy-pgbackrest:ubi8-2.33-0'],
    ],
    // rook/rook Documentation/Storage-Configuration/Ceph-CSI/custom-images.md (rook-ceph-operator-config)
    ['ROOK_CSI_CEPH_IMAGE: "quay.io/cephcsi/cephcsi:v3.16.0"', ['quay.io/cephcsi/cephcsi:v3.16.0']],
    [
      'ROOK_CSI_REGISTRAR_IMAGE: "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.15.0"',
      ['registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.15.0'],
    ],
    ['ROOK_CSIADDONS_IMAGE: "quay.io/csiaddons/k8s-sidecar:v0.14.0"', ['quay.io/csiaddons/k8s-sidecar:v0.14.0']],
    // Tekton controller flags from a local-run script; the path holds a dotted `github.com` component
    [
      '-git-image gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/git-init:v0.32.0 \\\n-nop-image gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/nop:v0.32.0 \\',
      [
        'gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/git-init:v0.32.0',
        'gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/nop:v0.32.0',
      ],
    ],
    // KnativeServing registry.override in a public GitOps repo
    [
      `activator: gcr.io/knative-releases/knative.dev/serving/cmd/activator@${KNATIVE_DIGEST}`,
      [`gcr.io/knative-releases/knative.dev/serving/cmd/activator@${KNATIVE_DIGEST}`],
    ],
    // xuexue1208/deploy kubelet/kubelet.sh
    [
      'KUBELET_EXTRA_ARGS="--pod-infra-container-image=registry.cn-hangzhou.aliyuncs.com/google_containers/pause-amd64:3.1"',
      ['registry.cn-hangzhou.aliyuncs.com/google_containers/pause-amd64:3.1'],
    ],
    // signalfx/otelworkshop misc/docker/run-java-autogen.sh
    [
      '--entrypoint=""  quay.io/vvydier123/splk-java:latest bin/sh ./manual-inst/run-java-manual-inst-k8s.sh',
      ['quay.io/vvydier123/splk-java:latest'],
    ],
    // a Dockerfile kept in a ConfigMap-built image (tag and digest together)
    [
      `FROM quay.io/jetstack/cert-manager-acmesolver:v1.6.1@${ACMESOLVER_DIGEST} as artifact`,
      [`quay.io/jetstack/cert-manager-acmesolver:v1.6.1@${ACMESOLVER_DIGEST}`],
    ],
    // voje/containers skopeo_registry/README.md: a registry on a port, an underscore in the name
    [
      'skopeo sync --src=docker --dest=docker vmgitent.iskratel.si:4567/ai6212ax/bacula-infra-backup/it_bacula-db:1.1.0 127.0.0.1:5000',
      ['vmgitent.iskratel.si:4567/ai6212ax/bacula-infra-backup/it_bacula-db:1.1.0'],
    ],
    // tektoncd/pipeline config/controller.yaml: flow-style args, a dotted path component, digests only
    [
      `"-gsutil-image", "gcr.io/google.com/cloudsdktool/cloud-sdk@${GSUTIL_DIGEST}",`,
      [`gcr.io/google.com/cloudsdktool/cloud-sdk@${GSUTIL_DIGEST}`],
    ],
    [
      `"-shell-image-win", "mcr.microsoft.com/powershell:nanoserver@${POWERSHELL_DIGEST}",`,
      [`mcr.microsoft.com/powershell:nanoserver@${POWERSHELL_DIGEST}`],
    ],
    // OpenTelemetry operator args added by a kustomize JSON patch, and as `kubectl describe` shows them
    [
      'value: --collector-image=ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.115.0',
      ['ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.115.0'],
    ],
    // Argo Workflows controller args in an install manifest
    ['- --executor-image=quay.io/argoproj/argoexec:v3.5.4', ['quay.io/argoproj/argoexec:v3.5.4']],
    // Istio's legacy injection test data: an init container as JSON inside an annotation
    [
      'pod.beta.kubernetes.io/init-containers: \'[{"args":["-p","15001","-u","1337"],"image":"docker.io/istio/proxy_init:unittest","imagePullPolicy":"Always"}]\'',
      ['docker.io/istio/proxy_init:unittest'],
    ],
    // spark-submit with a localhost registry (a course repo's notes)
    [
      '--conf spark.kubernetes.container.image=localhost/estudianteucm22/spark:latest \\',
      ['localhost/estudianteucm22/spark:latest'],
    ],
    // vhive-serverless/invitro exp/setup_kn.sh
    [
      'kubectl set image deployment/activator activator=docker.io/gaow0007/activator-ecd51ca5034883acbe737fde417a3d86:latest -n knative-serving',
      ['docker.io/gaow0007/activator-ecd51ca5034883acbe737fde417a3d86:latest'],
    ],
    // shell defaults, ${VAR:-REF}: kubernetes/ingress-nginx build/run-in-docker.sh, a kubespray
    // wrapper script, a platform validator's CronJob script, kata and smoke-test scripts
    [
      `E2E_IMAGE=\${E2E_IMAGE:-registry.k8s.io/ingress-nginx/e2e-test-runner:v2.0.2@${E2E_DIGEST}}`,
      [`registry.k8s.io/ingress-nginx/e2e-test-runner:v2.0.2@${E2E_DIGEST}`],
    ],
    [
      'KUBESPRAY_IMAGE="${KUBESPRAY_IMAGE:-quay.io/kubespray/kubespray:v2.31.0}"',
      ['quay.io/kubespray/kubespray:v2.31.0'],
    ],
    [
      `AUTO_UPDATE_IMAGE="\${PLATFORM_VALIDATOR_AUTO_UPDATE_IMAGE:-registry.k8s.io/kubectl@${KUBECTL_DIGEST}}"`,
      [`registry.k8s.io/kubectl@${KUBECTL_DIGEST}`],
    ],
    ['SANDBOX_IMAGE=${SANDBOX_IMAGE:-registry.k8s.io/pause:3.8}', ['registry.k8s.io/pause:3.8']],
    [
      'BENCH_MINIO_IMAGE=${BENCH_MINIO_IMAGE:-quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z}',
      ['quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z'],
    ],
    // an appscode-style mirror script: the destination is a shell variable, so only the source counts
    [
      '$CMD cp ghcr.io/appscode/cluster-ui:0.9.7 $IMAGE_REGISTRY/appscode/cluster-ui:0.9.7',
      ['ghcr.io/appscode/cluster-ui:0.9.7'],
    ],
    // skopeo's docker:// transport: an ArthurVardevanyan homelab README mirroring Crunchy images,
    // skopeo on Windows filling a local registry, a tooling guide
    [
      'skopeo copy docker://registry.developers.crunchydata.com/crunchydata/crunchy-pgbackrest:ubi8-2.49-0 docker://registry.arthurvardevanyan.com/crunchydata/crunchy-pgbackrest:ubi8-2.49-0',
      [
        'registry.developers.crunchydata.com/crunchydata/crunchy-pgbackrest:ubi8-2.49-0',
        'registry.arthurvardevanyan.com/crunchydata/crunchy-pgbackrest:ubi8-2.49-0',
      ],
    ],
    [
      'skopeo.exe copy --dest-tls-verify=false docker://quay.io/libpod/busybox:latest docker://localhost:5000/libpod/busybox:latest',
      ['quay.io/libpod/busybox:latest', 'localhost:5000/libpod/busybox:latest'],
    ],
    [
      'skopeo copy docker://docker.io/nginx:latest docker://registry.example.com/nginx:latest',
      ['docker.io/nginx:latest', 'registry.example.com/nginx:latest'],
    ],
    // KubeVirt CDI registry imports and Snakemake/Singularity containers name images as docker://REF
    ["image_url: 'docker://quay.io/containerdisks/fedora:40',", ['quay.io/containerdisks/fedora:40']],
    [
      'container: "docker://quay.io/biocontainers/samtools:1.21--h50ea8bc_0"',
      ['quay.io/biocontainers/samtools:1.21--h50ea8bc_0'],
    ],
    // Kuadrant/kuadrant-operator config/manager/manager.yaml and make/release.mk: the wasm-shim the
    // operator hands to the gateway is an OCI artifact named with oci://
    ['value: "oci://quay.io/kuadrant/wasm-shim:v0.4.0"', ['quay.io/kuadrant/wasm-shim:v0.4.0']],
    ['RELATED_IMAGE_WASMSHIM=oci://quay.io/kuadrant/wasm-shim:v0.8.0', ['quay.io/kuadrant/wasm-shim:v0.8.0']],
  ])('finds the image in %s', (text, expected) => {
    expect(findStringReferences(text)).toEqual(expected);
  });

  it.each([
    // references left unfinished by a placeholder or a template: nothing to mirror yet (a Docker
    // Hardened Images doc; mia-platform/helm-charts charts/monitoring/templates/definitions/_configs.tpl;
    // yukino1710193/nonna hack/replace-image.sh; haewoondae/SKALA k8s-ddive deploy.t)
    ['--prometheus-config-reloader=dhi.io/prometheus-config-reloader:<tag>'],
    ['--prometheus-config-reloader={{ $configImage.name }}:{{ $configImage.version }}'],
    ['\'{"data":{"queue-sidecar-image":"docker.io/bonavadeur/nonna:\'${TAG}\'"}}\''],
    ['image: ${DOCKER_REGISTRY}/${USER_NAME}-${IMAGE_NAME}:${VERSION}'],
    // knative/docs docs/serving/configuration/deployment.md: a ko import path, not an image yet
    ['queue-sidecar-image: ko://knative.dev/serving/cmd/queue'],
    ['registries-skipping-tag-resolving: "kind.local,ko.local,dev.local"'],
    // taints and node labels: Longhorn docs/taint-toleration.md, kubelet flags
    ['key1=value1:NoSchedule; key2:NoExecute'],
    ['--register-with-taints=node-role.kubernetes.io/master:NoSchedule'],
    ['nvidia.com/gpu=present:NoSchedule'],
    ['systemManagedComponentsNodeSelector: "kubernetes.io/os:linux"'],
    // ChaoYang-OPS/Kubernetes-Install kubelet/scripts/kube-kubelet-service.sh
    ["--node-labels=node.kubernetes.io/node=''"],
    ['--cni-conf-dir=/etc/cni/net.d --kubeconfig=../conf/kube-kubelet-service.kubeconfig'],
    ['--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
    // bronzels/cluster-sh-k8s k8s/nfsclient.sh; NFS exports and mounts
    ['--feature-gates=RemoveSelfLink=false'],
    ['helm install my stable/nfs-client-provisioner --set nfs.server=192.168.3.9 --set nfs.path=/Volumes/data/nfs'],
    ['mount docker1:/data/volumes/ /mnt/nfs/'],
    ['/data/volumes 192.168.12.0/24(rw,no_root_squash)'],
    // network ranges and cluster-autoscaler discovery tags
    ['--pod-network-cidr=10.244.0.0/16,fd00:10:244::/56'],
    ['--service-cluster-ip-range=10.96.0.0/12'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/my-cluster'],
    // prometheus-operator and kube-rbac-proxy args
    ['--kubelet-service=kube-system/kubelet'],
    ['--upstream=http://127.0.0.1:8081/'],
    // a git remote in an env value
    ['git@github.com:pearsontechnology/jenkins-sample-app.git'],
    // OpenTelemetry endpoints and Java agent flags (signalfx/otelworkshop, sansugupta/JITPS)
    ['-e OTEL_EXPORTER_OTLP_ENDPOINT=otelcol:4317 -e OTEL_RESOURCE_ATTRIBUTES=deployment.environment=prod'],
    ['-javaagent:opentelemetry-javaagent.jar -Dotel.exporter.otlp.endpoint=http://otel-collector:4317 -jar myapp.jar'],
    ['endpoint: http://otel-collector-collector.kube-prometheus-stack.svc.cluster.local:4318'],
    // Kafka client settings (rackilea/diplomski, Azure-Ray/QZ_TDS_)
    ['sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";'],
    ['bootstrap-servers: broker1:9093,broker2:9093,broker3:9093'],
    ['-Djava.security.auth.login.config=/etc/zookeeper/zookeeper_jaas.conf'],
    // Envoy and Istio identities
    ['"@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC'],
    ['principals: ["cluster.local/ns/default/sa/sleep"]'],
    ['spiffe://cluster.local/ns/default/sa/sleep'],
    // Longhorn backup targets
    ['backupTarget: "s3://backupbucket@us-east-1/"'],
    ['nfs://longhorn-test-nfs-svc.default:/opt/backupstore'],
    // Kyverno image patterns (grassrootseconomics/cic-dashboard docs/components/kyverno.md, kyverno tests)
    ['- image: "docker.grassecon.net/cic-stack/*"'],
    ['- image: "!*:latest"'],
    ['- "ghcr.io/kyverno/test-verify-image:*"'],
    // Argo CD Image Updater annotations (udemykcloud/Argocd)
    ['argocd-image-updater.argoproj.io/myimage.allow-tags: regexp:^[0-9a-f]{7}$'],
    ['argocd-image-updater.argoproj.io/write-back-method: git:secret:argocd/git-creds'],
    ['argocd-image-updater.argoproj.io/write-back-target: "kustomization:../base"'],
    // Pulumi type tokens and Cilium status lines name API groups with a version
    ["'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch',"],
    ['"networking.k8s.io/v1::NetworkPolicy"'],
    // a remote kustomization and a Go module path with a version
    ['https://github.com/redhat-cop/gitops-catalog/gpu-operator-certified/operator/overlays/stable?ref=main'],
    ['E0124 15:49:39.623048 1 reflector.go:127] k8s.io/client-go@v0.19.0/tools/cache/reflector.go:156: Failed'],
    ['METRICS_DOMAIN=knative.dev/some-repository SYSTEM_NAMESPACE=tekton-pipelines'],
    ["kubectl create secret docker-registry nvcr-secret --docker-server=nvcr.io --docker-username='$oauthtoken'"],
    // tektoncd/pipeline config/controller.yaml before `ko resolve`, and its metrics domain
    ['"-git-image", "ko://github.com/tektoncd/pipeline/cmd/git-init",'],
    ['METRICS_DOMAIN: tekton.dev/pipeline'],
    // a reference with neither tag nor digest (Tekton docs) and Spark master and jar URLs
    ['"-gsutil-image", "gcr.io/google.com/cloudsdktool/cloud-sdk",'],
    ['--master k8s://https://192.168.39.26:8443 --deploy-mode cluster'],
    ['local:///opt/spark/examples/jars/spark-examples_2.11-2.4.0.jar'],
    // a Docker Hub short name is not fully qualified (rensortino/DSBD_Project sparkapp/spark_example.sh)
    ['--conf spark.kubernetes.container.image=lightbend/spark:2.0.1-OpenShift-2.4.0-rh'],
    // OpenTelemetry operator flags that are not images
    ['--metrics-addr=0.0.0.0:8443 --feature-gates=-operator.networkpolicy'],
    // Istio's injection template tests an annotation key
    ['{{- if contains "/" (annotation .ObjectMeta `sidecar.istio.io/proxyImage` ``) }}'],
    // API group/version:kind triples in RBAC notes and READMEs listing the CRs a deployment needs
    ['needs permissions on `cert-manager.io/v1:Certificate` and `acme.cert-manager.io/v1:Challenge` (get, list)'],
    ['- CR `monitoring.coreos.com/v1:PrometheusRule`'],
    // Vault references in env values: Bank-Vaults' webhook (banzaicloud/bank-vaults docs) and the
    // Argo CD Vault Plugin's placeholders
    ['value: vault:secret/data/accounts/aws#AWS_SECRET_ACCESS_KEY'],
    ['value: <path:kv/data/admin#password>'],
    [
      '"dataSource": "postgres://<path:kv/data/step-ca#username>:<path:kv/data/step-ca#password>@main-postgres-cluster.postgres.svc.cluster.local:5432/stepca?sslmode=disable"',
    ],
    // shell defaults that are not images, and the rest of kubernetes/ingress-nginx build/run-in-docker.sh
    ['IMAGE_REPOSITORY=${IMAGE_REPOSITORY:-quay.io/deepfenceio}'],
    ['SUBNET_CIDR="${SUBNET_CIDR:-10.10.0.0/16}"'],
    ['_k8s_prefix=${CONTAINER_INFRA_PREFIX:-registry.k8s.io/}'],
    ['go install -mod=mod github.com/onsi/ginkgo/v2/ginkgo@v2.23.4'],
    ['-v "${KUBE_ROOT}/bin/${ARCH}:/go/bin/linux_${ARCH}" -v /var/run/docker.sock:/var/run/docker.sock'],
    ['PKG=k8s.io/ingress-nginx'],
    // transports without a qualified reference after them, and other transports (skopeo examples)
    ['skopeo copy docker://busybox:latest oci-archive:busybox-oci.tar'],
    ['skopeo copy docker://busybox:latest oci:./busybox-layout:latest'],
    ['singularity build reference_builder.sif docker://quay.io/mondrianscwgs/reference_builder:{mondrian_version}'],
    ['url: oci://ghcr.io/stakater/charts/reloader'],
    // klog lines quoted in public troubleshooting notes (kubeadm, Volcano): Go file:line positions
    [
      'E1122 16:53:37.438501 22530 reflector.go:153] k8s.io/kubernetes/pkg/kubelet/kubelet.go:458: Failed to list *v1.Node',
    ],
    [
      'I0821 06:52:39.431924 1 reflector.go:879] volcano.sh/apis/pkg/client/informers/externalversions/factory.go:145: Watch close',
    ],
    ['E0621 23:32:56.426321 24470 reflector.go:138] external/io_k8s_client_go/tools/cache/reflector.go:167: Failed'],
    // KEY:VALUE label and annotation pairs: spring-io/dataflow.spring.io feature-guides/streams/monitoring
    // (podAnnotations), `kubectl describe` maps quoted in docs, Longhorn systemManagedComponentsNodeSelector
    // values in public Helm values (format `key:value;key:value`, longhorn/longhorn chart/README.md),
    // a node filter list in a Go test, an Istio injection note
    [
      'deployer.*.kubernetes.podAnnotations=prometheus.io/path:/actuator/prometheus,prometheus.io/port:8080,prometheus.io/scrape:true',
    ],
    ['Annotations: map[prometheus.io/path:/metrics prometheus.io/port:8080 prometheus.io/scrape:true]'],
    ['map[sidecar.istio.io/inject:true]'],
    ['systemManagedComponentsNodeSelector: "sidecar.istio.io/inject:false"'],
    ['systemManagedComponentsNodeSelector: "daytona.io/runtime-ready:true"'],
    ['systemManagedComponentsNodeSelector: "node.longhorn.io/storage:enabled"'],
    ['"nvidia.com/gpu.present:true",'],
    ['- or set the label `istio.io/rev:default`'],
  ])('finds nothing in %s', (text) => {
    expect(findStringReferences(text)).toEqual([]);
  });
});
