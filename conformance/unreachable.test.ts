/**
 * Charts helm cannot reach, against helm 3.17.3 and 4.1.4 (`template` and `pull`): a
 * refused connection, a host name that does not resolve (Go's resolver text, naming the DNS server),
 * a name that is no domain name (Go's resolver answers without asking), and a plain-HTTP registry on
 * this machine, which helm 3 pulls from without `--plain-http` (containerd's resolver speaks plain
 * HTTP to localhost) but whose tags it lists over HTTPS; and HTTPS servers whose certificates Go
 * refuses (an unknown authority, another host's, a legacy Common Name, an expired one: Go names the
 * first of expiry, host name and chain); and servers that answer with no chart: a redirect loop, an
 * HTML page, an empty body, a YAML file; and registries that want basic credentials or a bearer
 * token from a token server, given none, wrong ones or right ones. Compared: exit status, standard output and standard error
 * (the current time a refused expired certificate names is masked).
 */

import { generateKeyPairSync } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, type PrivateKey, parseIP, pemEncode } from '../src/sprig/crypto/x509.js';
import { type FakeServer, startFakeServer } from '../test/support/fake-server.js';
import { pushChart } from '../test/support/oci-push.js';
import { type Registry, registryAvailable, startRegistry } from '../test/support/servers.js';
import { startTokenServer, type TokenServer } from '../test/support/token-server.js';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';
import { packConfigMapChart } from './support/feature-charts.js';

interface UnreachableCase {
  title: string;
  /**
   * Arguments after the command (`<registry>` stands for the local registry's `host:port`, `<tls:NAME>`
   * for the HTTPS server presenting certificate NAME).
   */
  args: string[];
  needs?: 'dns' | 'registry';
  /** Not compared for `pull`: helm saves what the URL serves, helmless refuses a file that is no chart. */
  templateOnly?: true;
}

/** Certificates the HTTPS servers present (all self-signed, none trusted). */
const DAY = 24 * 3600 * 1000;
const CERTIFICATES: Record<string, { cn: string; ips: string[]; dnsNames: string[]; from: number; to: number }> = {
  untrusted: { cn: '127.0.0.1', ips: ['127.0.0.1'], dnsNames: [], from: -DAY, to: DAY },
  others: { cn: 'other.test', ips: [], dnsNames: ['other.test', 'www.other.test'], from: -DAY, to: DAY },
  otherIPs: { cn: 'x', ips: ['10.1.2.3', '::1'], dnsNames: ['a.test'], from: -DAY, to: DAY },
  legacy: { cn: '127.0.0.1', ips: [], dnsNames: [], from: -DAY, to: DAY },
  expired: { cn: 'other.test', ips: [], dnsNames: ['other.test'], from: -10 * DAY, to: -DAY },
};

/** A name under `.invalid` (RFC 6761) never resolves. */
const NOWHERE = 'nonexistent.invalid';

const CASES: UnreachableCase[] = [
  { title: 'an OCI registry that refuses (exact version)', args: ['oci://127.0.0.1:1/charts/x', '--version', '1.0.0'] },
  {
    title: 'an OCI registry that refuses, --plain-http',
    args: ['oci://127.0.0.1:1/charts/x', '--version', '1.0.0', '--plain-http'],
  },
  { title: 'an OCI registry that refuses (range)', args: ['oci://localhost:1/charts/x', '--version', '^1'] },
  { title: 'a chart repository that refuses', args: ['x', '--repo', 'http://127.0.0.1:1/'] },
  {
    title: 'an OCI registry whose name does not resolve',
    args: [`oci://${NOWHERE}/charts/x`, '--version', '1.0.0'],
    needs: 'dns',
  },
  {
    title: 'an OCI registry whose name does not resolve (range)',
    args: [`oci://${NOWHERE}/charts/x`, '--version', '^1'],
    needs: 'dns',
  },
  {
    title: 'a chart repository whose name does not resolve',
    args: ['x', '--repo', `http://${NOWHERE}/`],
    needs: 'dns',
  },
  { title: 'a chart URL whose name does not resolve', args: [`http://${NOWHERE}/x-1.0.0.tgz`], needs: 'dns' },
  {
    title: 'an OCI registry named by no domain name',
    args: ['oci://bad_host!:5000/charts/x', '--version', '1.0.0'],
    needs: 'dns',
  },
  {
    title: 'a chart repository whose certificate no authority signed',
    args: ['x', '--repo', 'https://<tls:untrusted>/'],
  },
  { title: "a chart repository with another host's certificate", args: ['x', '--repo', 'https://<tls:others>/'] },
  {
    title: 'a chart repository named by a name its certificate lacks',
    args: ['x', '--repo', 'https://<tls:others:localhost>/'],
  },
  { title: 'a certificate for other IP addresses', args: ['x', '--repo', 'https://<tls:otherIPs>/'] },
  { title: 'a certificate with only a Common Name', args: ['x', '--repo', 'https://<tls:legacy>/'] },
  { title: 'an expired certificate for another host', args: ['x', '--repo', 'https://<tls:expired>/'] },
  {
    title: 'an OCI registry whose certificate no authority signed',
    args: ['oci://<tls:untrusted>/charts/x', '--version', '1.0.0'],
  },
  {
    title: 'an OCI registry with a certificate, tags listed',
    args: ['oci://<tls:others>/charts/x', '--version', '^1'],
  },
  { title: 'a chart repository that redirects forever', args: ['x', '--repo', 'http://<web>/loop/0'] },
  { title: 'a chart URL that redirects forever', args: ['http://<web>/loop/0/x-1.0.0.tgz'] },
  { title: 'a chart URL that serves an HTML page', args: ['http://<web>/page/x-1.0.0.tgz'], templateOnly: true },
  { title: 'a chart URL that serves nothing', args: ['http://<web>/empty/x-1.0.0.tgz'], templateOnly: true },
  { title: 'a chart URL that serves YAML', args: ['http://<web>/page/values.yaml'], templateOnly: true },
  ...(['secured', 'tokened'] as const).flatMap((registryName) =>
    (['', '--username=user --password=wrong', '--username=user --password=pass'] as const).flatMap((creds) =>
      (['1.0.0', '^1'] as const).map(
        (version): UnreachableCase => ({
          title: `a registry that wants ${registryName === 'secured' ? 'basic credentials' : 'a token'}, given ${creds === '' ? 'none' : creds.endsWith('wrong') ? 'wrong ones' : 'right ones'} (${version})`,
          args: [
            `oci://<${registryName}>/charts/app`,
            '--version',
            version,
            '--plain-http',
            ...(creds ? creds.split(' ') : []),
          ],
          needs: 'registry',
        }),
      ),
    ),
  ),
  {
    title: 'a plain-HTTP registry on this machine without --plain-http (exact version)',
    args: ['oci://<registry>/charts/app', '--version', '0.1.0'],
    needs: 'registry',
  },
  {
    title: 'a plain-HTTP registry on this machine without --plain-http (range)',
    args: ['oci://<registry>/charts/app', '--version', '^0.1'],
    needs: 'registry',
  },
];

const missing = missingHelmBinaries();
let resolves = '';
let registry: Registry | undefined;
/** A registry that wants basic credentials (`user`, `pass`). */
let secured: Registry | undefined;
/** A registry that wants a bearer token, which its token server gives `user` (`pass`). */
let tokened: Registry | undefined;
let tokens: TokenServer | undefined;
/** A plain HTTP server that answers with anything but a chart. */
let web: FakeServer | undefined;
/** The HTTPS servers, by the name of the certificate each presents. */
const tlsServers = new Map<string, FakeServer>();

/** A self-signed certificate and its key (PEM), made by helmless's own x509 writer. */
function certificate(c: (typeof CERTIFICATES)[string]): { key: string; cert: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key: PrivateKey = { kind: 'ec', key: privateKey };
  const now = Date.now();
  const der = createCertificate(
    {
      commonName: c.cn,
      ips: c.ips.map((ip) => parseIP(ip)!),
      dnsNames: c.dnsNames,
      notBefore: new Date(now + c.from),
      notAfter: new Date(now + c.to),
      serial: 1n,
      isCA: false,
    },
    key,
    undefined,
    key,
    'helm4',
  );
  return { key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), cert: pemEncode('CERTIFICATE', der) };
}

/** An argument with its placeholders filled: `<tls:NAME:HOST>` names the server by HOST. */
function fill(arg: string): string {
  return arg
    .replace('<registry>', registry?.host ?? '')
    .replace('<secured>', secured?.host ?? '')
    .replace('<tokened>', tokened?.host ?? '')
    .replace('<web>', web ? new URL(web.url).host : '')
    .replace(/<tls:(\w+)(?::([\w.]+))?>/, (_, name: string, host?: string) => {
      const port = new URL(tlsServers.get(name)!.url).port;
      return `${host ?? '127.0.0.1'}:${port}`;
    });
}

beforeAll(async () => {
  // The name-resolution cases need a resolver that answers "no such name" (not an offline machine).
  resolves = await lookup(NOWHERE).then(
    () => `${NOWHERE} resolves here`,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOTFOUND' ? '' : `no DNS answer here (${e.code})`),
  );
  for (const [name, c] of Object.entries(CERTIFICATES)) tlsServers.set(name, await startFakeServer(certificate(c)));
  web = await startFakeServer();
  // Every path under /loop/N/ redirects to /loop/N+1/ (as a path only, as servers often do).
  for (let n = 0; n < 12; n++) {
    for (const file of ['index.yaml', 'x-1.0.0.tgz']) {
      web.route(`/loop/${n}/${file}`, (_q, res) => res.writeHead(302, { location: `/loop/${n + 1}/${file}` }).end());
    }
  }
  web.route('/page/x-1.0.0.tgz', (_q, res) => res.end('<!DOCTYPE html>\n<html><body>Sign in</body></html>\n'));
  web.route('/page/values.yaml', (_q, res) => res.end('a: 1\n'));
  web.route('/empty/x-1.0.0.tgz', (_q, res) => res.end());
  if (registryAvailable()) {
    registry = await startRegistry();
    const archive = await packConfigMapChart();
    await pushChart(registry.host, 'charts/app', '0.1.0', archive);
    secured = await startRegistry({ htpasswd: `user:${bcrypt.hashSync('pass', 5)}\n` });
    await pushChart(secured.host, 'charts/app', '1.0.0', archive, { username: 'user', password: 'pass' });
    tokens = await startTokenServer({ user: 'pass' });
    if (tokens) {
      tokened = await startRegistry({ token: tokens });
      const push = tokens.mint('pusher', [{ name: 'charts/app', actions: ['pull', 'push'] }]);
      await pushChart(tokened.host, 'charts/app', '1.0.0', archive, { bearer: push });
    }
  }
});
afterAll(async () => {
  await registry?.stop();
  await secured?.stop();
  await tokened?.stop();
  await tokens?.close();
  for (const server of tlsServers.values()) await server.close();
  await web?.close();
});

/** Standard error with the current time an expired certificate's refusal names masked. */
const maskTime = (s: string) => s.replace(/current time \S+ is/, 'current time <now> is');

async function run(side: 'helm' | 'helmless', compat: Compat, args: string[]): Promise<CliRun> {
  const cwd = await mkdtemp(join(tmpdir(), `helmless-unreachable-${side}-`));
  try {
    const r =
      side === 'helm'
        ? await runHelm(compat, args, { cwd })
        : await runHelmless([...args, '--compat', compat], { cwd });
    // helm's cache lies in the working directory (the run's HOME).
    return { ...r, stderr: r.stderr.replaceAll(cwd, '<cwd>') };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

describe.skipIf(missing.length > 0)(
  `unreachable charts${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
  () => {
    for (const c of CASES) {
      const runs = COMPATS.flatMap(
        (compat): Array<[string, Compat, string[]]> => [
          [`template (${compat})`, compat, ['template', 'r']],
          ...(c.templateOnly ? [] : [[`pull (${compat})`, compat, ['pull']] as [string, Compat, string[]]]),
        ],
      );
      for (const [name, compat, command] of runs) {
        it(`${c.title}: ${name}`, async (ctx) => {
          if (c.needs === 'dns' && resolves !== '') ctx.skip(`skipped: ${resolves}`);
          if (c.needs === 'registry' && !registry) ctx.skip('skipped: needs docker-registry; .ci/run installs it');
          if (c.args[0]!.includes('<tokened>') && !tokened) ctx.skip('skipped: the token server needs openssl');
          const args = [...command, ...c.args.map(fill)];
          const helm = await run('helm', compat, args);
          const ours = await run('helmless', compat, args);
          expect([ours.code, maskTime(ours.stderr)]).toEqual([helm.code, maskTime(helm.stderr)]);
          expect(ours.stdout.toString('utf8')).toBe(helm.stdout.toString('utf8'));
        });
      }
    }
  },
);
