/**
 * Chart provenance (`--verify`): a `.prov` file is an OpenPGP clear-signed message holding the
 * chart's metadata and, after a `...` line, the SHA-256 of the archive by file name. Verifying
 * checks the signature against a GnuPG keyring (`--keyring`, binary `pubring.gpg`) and the archive's
 * hash, in helm's order and with helm's error texts (helm 3 and helm 4 word a few differently,
 * since their OpenPGP libraries differ). OpenPGP itself is openpgp.js, loaded on first use.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { YamlReadError, yamlUnmarshal } from '../codec/yaml-read.js';
import { goPathError, goReadFileError } from '../go-errors.js';
import type { Compat } from './objects.js';

/** A verification failure, with helm's message. */
export class ProvenanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvenanceError';
  }
}

/** Who signed a verified chart, and the hash that was checked (what `helm pull --verify` prints). */
export interface ProvenanceVerification {
  /** The signing key's user IDs (`Name <email>`). */
  signedBy: string[];
  /** The signing key's primary fingerprint, upper-case hex. */
  fingerprint: string;
  /** `sha256:<hex>` of the archive. */
  fileHash: string;
  fileName: string;
}

/** helm's default keyring: `$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`. */
export function defaultKeyring(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.GNUPGHOME || join(env.HOME || homedir(), '.gnupg');
  return join(home, 'pubring.gpg');
}

type OpenPgp = typeof import('openpgp');
type Key = import('openpgp').Key;

let openpgpModule: Promise<OpenPgp> | undefined;
const loadOpenPgp = () => (openpgpModule ??= import('openpgp'));

/** Reads a binary keyring (GnuPG's `pubring.gpg`), as Go's openpgp.ReadKeyRing does. */
async function readKeyring(path: string, compat: Compat): Promise<Key[]> {
  let data: Uint8Array;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new ProvenanceError(`failed to load keyring: ${goReadFileError(path, err)}`);
  }
  if (data.length === 0) return [];
  // An OpenPGP packet starts with a byte whose high bit is set; armored text never does.
  if ((data[0]! & 0x80) === 0) {
    throw new ProvenanceError('failed to load keyring: openpgp: invalid data: tag byte does not have MSB set');
  }
  const openpgp = await loadOpenPgp();
  try {
    return await openpgp.readKeys({ binaryKeys: data });
  } catch (err) {
    // helm 4's OpenPGP library skips what it cannot read; helm 3's stops at it.
    if (compat === 'helm4') return [];
    throw new ProvenanceError(`failed to load keyring: openpgp: ${(err as Error).message}`);
  }
}

/** Go's names of public-key algorithms in "<name> verification failure". */
const ALGORITHM_NAMES: Record<string, string> = {
  rsaEncryptSign: 'RSA',
  rsaSign: 'RSA',
  rsaEncrypt: 'RSA',
  dsa: 'DSA',
  ecdsa: 'ECDSA',
  eddsaLegacy: 'EdDSA',
  ed25519: 'ed25519',
  ed448: 'ed448',
};

/** Checks the clear-signed message against the keyring; returns the signing key. */
async function checkSignature(provText: string, keys: Key[], compat: Compat): Promise<{ key: Key; text: string }> {
  const openpgp = await loadOpenPgp();
  let message: Awaited<ReturnType<OpenPgp['readCleartextMessage']>>;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: provText });
  } catch {
    const text = 'signature block not found';
    throw new ProvenanceError(compat === 'helm3' ? `failed to decode signature: ${text}` : text);
  }
  for (const keyID of message.getSigningKeyIDs()) {
    const key = keys.find((k) => k.getKeyIDs().some((id) => id.equals(keyID)));
    if (!key) continue;
    const result = await openpgp.verify({ message, verificationKeys: [key], expectSigned: false });
    const verdict = result.signatures.find((s) => s.keyID.equals(keyID));
    try {
      await verdict?.verified;
      return { key, text: message.getText() };
    } catch (err) {
      // helm 3's library compares the two-byte hash tag before the signature itself.
      if (compat === 'helm3' && /digest did not match/i.test((err as Error).message)) {
        throw new ProvenanceError("openpgp: invalid signature: hash tag doesn't match");
      }
      const algorithm = key.getKeys(keyID)[0]?.getAlgorithmInfo().algorithm ?? 'unknown';
      throw new ProvenanceError(
        `openpgp: invalid signature: ${ALGORITHM_NAMES[algorithm] ?? algorithm} verification failure`,
      );
    }
  }
  throw new ProvenanceError('openpgp: signature made by unknown entity');
}

/** The `files:` map of the signed message (`<metadata>\n...\n<sums>`). */
function signedSums(text: string, compat: Compat): Map<string, unknown> {
  const parts = text.split('\n...\n');
  if (parts.length < 2) throw new ProvenanceError('message block must have at least two parts');
  try {
    // helm 3 also reads the metadata part (only to fail on invalid YAML); helm 4 skips it.
    if (compat === 'helm3') yamlUnmarshal(parts[0]!);
    const sums = yamlUnmarshal(parts[1]!);
    const files = sums instanceof Map ? sums.get('files') : undefined;
    return files instanceof Map ? files : new Map();
  } catch (err) {
    if (err instanceof YamlReadError) throw new ProvenanceError(err.message);
    throw err;
  }
}

/**
 * Verifies an archive against its provenance text: the signature by a key of `keyringPath`, then
 * the archive's SHA-256 under `fileName`. Throws {@link ProvenanceError} with helm's message.
 */
export async function verifyProvenance(
  archive: Uint8Array,
  fileName: string,
  provText: string,
  keyringPath: string,
  compat: Compat,
): Promise<ProvenanceVerification> {
  const keys = await readKeyring(keyringPath, compat);
  const { key, text } = await checkSignature(provText, keys, compat);
  const fileHash = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
  const listed = signedSums(text, compat).get(fileName);
  if (listed === undefined) {
    throw new ProvenanceError(`provenance does not contain a SHA for a file named ${JSON.stringify(fileName)}`);
  }
  if (listed !== fileHash) {
    throw new ProvenanceError(
      `sha256 sum does not match for ${fileName}: ${JSON.stringify(String(listed))} != ${JSON.stringify(fileHash)}`,
    );
  }
  return {
    signedBy: key.getUserIDs(),
    fingerprint: key.getFingerprint().toUpperCase(),
    fileHash,
    fileName,
  };
}

/**
 * helm's VerifyChart for a chart on disk: it must be a `.tgz` archive with `<path>.prov` beside it.
 * Messages name `path` as given (helm passes an absolute path).
 */
export async function verifyChartFile(
  path: string,
  keyringPath: string,
  compat: Compat,
): Promise<ProvenanceVerification> {
  const info = await stat(path).catch((err) => {
    throw new ProvenanceError(goPathError('stat', path, err));
  });
  if (info.isDirectory()) throw new ProvenanceError('unpacked charts cannot be verified');
  if (!path.toLowerCase().endsWith('.tgz')) throw new ProvenanceError('chart must be a tgz file');
  const provPath = `${path}.prov`;
  let provText: string;
  try {
    provText = await readFile(provPath, 'utf8');
  } catch (err) {
    throw new ProvenanceError(`could not load provenance file ${provPath}: ${goPathError('stat', provPath, err)}`);
  }
  return verifyProvenance(await readFile(path), basename(path), provText, keyringPath, compat);
}
