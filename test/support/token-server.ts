/**
 * A docker-registry token server for tests: answers `GET /token?service=…&scope=…` with an RS256
 * JWT the registry trusts (its certificate goes in the registry's `rootcertbundle`). Known users
 * (basic auth) get pull access; anonymous callers get a token with no access.
 */
import { createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificates.js';
import { startFakeServer } from './fake-server.js';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPem: string;
  /** Authorization headers the token endpoint received, in order. */
  seen: Array<string | undefined>;
  /** Mints a token directly (tests push with one). */
  mint: (subject: string, access: Array<{ name: string; actions: string[] }>) => string;
  close: () => Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Starts a token server, or returns undefined when openssl is unavailable to make its certificate. */
export async function startTokenServer(users: Record<string, string>): Promise<TokenServer | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'helmless-token-'));
  const certificate = selfSignedCertificate(dir, 'issuer', '/CN=helmless-token-issuer');
  if (!certificate) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const { key: keyPem, cert: certPem } = certificate;
  rmSync(dir, { recursive: true, force: true });
  const der = certPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const service = 'helmless-test-registry';
  const issuer = 'helmless-test-issuer';
  const mint: TokenServer['mint'] = (subject, access) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: subject,
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access: access.map((a) => ({ type: 'repository', ...a })),
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(keyPem);
    return `${header}.${claims}.${b64url(signature)}`;
  };
  const seen: Array<string | undefined> = [];
  const server = await startFakeServer();
  server.route('/token', (req, res) => {
    seen.push(req.headers.authorization);
    const url = new URL(req.url!, server.url);
    let subject = '';
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) {
      const [user, ...rest] = Buffer.from(basic[1]!, 'base64').toString().split(':');
      if (users[user!] !== rest.join(':')) return res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      subject = user!;
    }
    const access = subject
      ? url.searchParams
          .getAll('scope')
          .map((s) => s.split(':'))
          .filter((p) => p[0] === 'repository' && p.length === 3)
          .map((p) => ({ name: p[1]!, actions: p[2]!.split(',').filter((a) => a === 'pull') }))
      : [];
    const token = mint(subject, access);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  return { realm: `${server.url}/token`, service, issuer, certPem, seen, mint, close: server.close };
}
