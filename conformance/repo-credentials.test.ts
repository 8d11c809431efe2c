/**
 * A chart repository behind basic authentication, against helm 3.17.3 and 4.1.4 (`template` and
 * `pull`): credentials given, missing, half given (helm sends none), wrong, or in the URL's user
 * information (Go's client sends those, and masks the password in its errors); an index whose chart
 * URLs are absolute gets no credentials from the repository URL. A run without credentials after
 * one with them fails as in helm: helmless's cache does not hand out an index it fetched with
 * credentials. Redirects keep credentials as Go's client does (the same host at any port, or a
 * subdomain). Compared: exit status, standard output and standard error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, COMPATS, type Compat, missingHelmBinaries, runHelm, runHelmless } from './support/cli-runs.js';
import { packConfigMapChart } from './support/feature-charts.js';

const missing = missingHelmBinaries();
const GOOD = `Basic ${Buffer.from('user:pass').toString('base64')}`;
let server: Server;
let other: Server;
let host: string;
let otherHost: string;
let archive: Buffer;

beforeAll(async () => {
  if (missing.length > 0) return;
  archive = await packConfigMapChart();
  // /relative lists the chart by a relative URL, /absolute by this server's URL without credentials,
  // /elsewhere by the URL of another host name (localhost);
  // /to-port/ redirects to the other server (same host, another port), /to-name/ to `localhost`.
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== GOOD) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' }).end('unauthorized\n');
      return;
    }
    const [, flavour, file] = (req.url ?? '').split('/');
    if (flavour === 'to-port') res.writeHead(302, { location: `http://${otherHost}/relative/${file}` }).end();
    else if (flavour === 'to-name') {
      res.writeHead(302, { location: `http://localhost:${host.split(':')[1]}/relative/${file}` }).end();
    } else if (file === 'index.yaml') {
      const url =
        flavour === 'absolute'
          ? `http://${host}/absolute/app-0.1.0.tgz`
          : flavour === 'elsewhere'
            ? `http://localhost:${host.split(':')[1]}/relative/app-0.1.0.tgz`
            : 'app-0.1.0.tgz';
      res.end(
        `apiVersion: v1\nentries:\n  app:\n  - apiVersion: v2\n    name: app\n    version: 0.1.0\n    urls:\n    - ${url}\n`,
      );
    } else if (file === 'app-0.1.0.tgz') res.end(archive);
    else res.writeHead(404).end();
  };
  server = createServer(handler);
  other = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  if (other) await new Promise((r) => other.close(r));
});

/** `<host>` stands for the server's address. */
const CASES: Array<{ title: string; args: string[] }> = [
  { title: 'no credentials', args: ['app', '--repo', 'http://<host>/relative'] },
  {
    title: 'the right credentials',
    args: ['app', '--repo', 'http://<host>/relative', '--username=user', '--password=pass'],
  },
  { title: 'a username alone', args: ['app', '--repo', 'http://<host>/relative', '--username=user'] },
  { title: 'a password alone', args: ['app', '--repo', 'http://<host>/relative', '--password=pass'] },
  { title: 'a wrong password', args: ['app', '--repo', 'http://<host>/relative', '--username=user', '--password=x'] },
  { title: 'credentials in the repository URL', args: ['app', '--repo', 'http://user:pass@<host>/relative'] },
  {
    title: 'credentials in the repository URL, absolute chart URLs',
    args: ['app', '--repo', 'http://user:pass@<host>/absolute'],
  },
  { title: 'wrong credentials in the repository URL', args: ['app', '--repo', 'http://user:x@<host>/relative'] },
  {
    title: 'flags over the URL’s credentials',
    args: ['app', '--repo', 'http://user:x@<host>/relative', '--username=user', '--password=pass'],
  },
  { title: 'credentials in a chart URL', args: ['http://user:pass@<host>/relative/app-0.1.0.tgz'] },
  { title: 'a missing chart URL with credentials', args: ['http://user:pass@<host>/relative/none.tgz'] },
  { title: 'credentials in a URL nothing answers', args: ['http://us%40er:pa%3Ass@127.0.0.1:1/app-0.1.0.tgz'] },
  { title: 'a username in a URL nothing answers', args: ['http://user@127.0.0.1:1/app-0.1.0.tgz'] },
  // A chart another host serves gets the repository's credentials only with --pass-credentials.
  {
    title: 'an index listing the chart on another host name',
    args: ['app', '--repo', 'http://<host>/elsewhere', '--username=user', '--password=pass'],
  },
  {
    title: 'an index listing the chart on another host name, --pass-credentials',
    args: ['app', '--repo', 'http://<host>/elsewhere', '--username=user', '--password=pass', '--pass-credentials'],
  },
  // Go's client keeps the credentials on a redirect to the same host (any port) or a subdomain.
  {
    title: 'a redirect to another port of the host',
    args: ['http://<host>/to-port/app-0.1.0.tgz', '--username=user', '--password=pass'],
  },
  {
    title: 'a redirect to another host name',
    args: ['http://<host>/to-name/app-0.1.0.tgz', '--username=user', '--password=pass'],
  },
  {
    title: 'a redirect to another host name, --pass-credentials',
    args: ['http://<host>/to-name/app-0.1.0.tgz', '--username=user', '--password=pass', '--pass-credentials'],
  },
  { title: 'a redirect of URL credentials', args: ['http://user:pass@<host>/to-port/app-0.1.0.tgz'] },
];

type Side = 'helm' | 'helmless';

async function run(side: Side, compat: Compat, args: string[], cwd: string): Promise<CliRun> {
  const r =
    side === 'helm' ? await runHelm(compat, args, { cwd }) : await runHelmless([...args, '--compat', compat], { cwd });
  return { ...r, stderr: r.stderr.replaceAll(cwd, '<cwd>') };
}

const fill = (args: string[]) => args.map((a) => a.replace('<host>', host));
const view = (r: CliRun) => ({ code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr });

describe.skipIf(missing.length > 0)('a chart repository behind basic authentication', () => {
  for (const c of CASES) {
    for (const compat of COMPATS) {
      for (const command of [['template', 'r'], ['pull']]) {
        it(`${command[0]}: ${c.title} (${compat})`, async () => {
          const outcome = async (side: Side) => {
            const cwd = await mkdtemp(join(tmpdir(), `helmless-creds-${side}-`));
            try {
              return view(await run(side, compat, [...command, ...fill(c.args)], cwd));
            } finally {
              await rm(cwd, { recursive: true, force: true });
            }
          };
          expect(await outcome('helmless')).toEqual(await outcome('helm'));
        });
      }
    }
  }

  for (const compat of COMPATS) {
    it(`a run without credentials after one with them fails as in helm (${compat})`, async () => {
      const outcome = async (side: Side) => {
        const cwd = await mkdtemp(join(tmpdir(), `helmless-creds-again-${side}-`));
        try {
          const repo = ['app', '--repo', `http://${host}/relative`];
          const first = await run(side, compat, ['template', 'r', ...repo, '--username=user', '--password=pass'], cwd);
          const second = await run(side, compat, ['template', 'r', ...repo], cwd);
          return [view(first), view(second)];
        } finally {
          await rm(cwd, { recursive: true, force: true });
        }
      };
      const theirs = await outcome('helm');
      expect(theirs[1]!.code).not.toBe(0);
      expect(await outcome('helmless')).toEqual(theirs);
    });
  }
});
