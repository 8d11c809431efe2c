/**
 * Self-signed test certificates made with the openssl command (RSA 2048, valid two days). Tests
 * that need one skip when openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

/** Whether the openssl command is available. */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `<name>.pem` and `<name>-key.pem` into `dir` for `subject` (e.g. `/CN=127.0.0.1`), with an
 * extension such as `subjectAltName=IP:127.0.0.1`; undefined when openssl fails or is missing.
 */
export function selfSignedCertificate(
  dir: string,
  name: string,
  subject: string,
  extension?: string,
): TestCertificate | undefined {
  const keyFile = join(dir, `${name}-key.pem`);
  const certFile = join(dir, `${name}.pem`);
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        subject,
        ...(extension ? ['-addext', extension] : []),
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), keyFile, certFile };
  } catch {
    return undefined;
  }
}
