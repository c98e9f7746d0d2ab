import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate itself (PEM): self-signed, so it is also its own CA. */
  readonly pem: string;
  remove(): Promise<void>;
}

/** A self-signed certificate for an IP address (openssl), valid one day, in a temp dir. */
export async function selfSignedCertificate(ip: string): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-turn-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/CN=${ip}`,
      '-addext',
      `subjectAltName=IP:${ip}`,
    ]);
    return {
      certFile,
      keyFile,
      pem: await readFile(certFile, 'utf8'),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TestCertificateAuthority {
  /** The CA certificate (PEM file and text): what a client trusts. */
  readonly certFile: string;
  readonly pem: string;
  /** A server certificate signed by this CA for the given DNS names and IP addresses. */
  issue(names: { readonly dns?: readonly string[]; readonly ip?: readonly string[] }): Promise<{
    readonly certFile: string;
    readonly keyFile: string;
  }>;
  /** Removes the CA and every certificate it issued. */
  remove(): Promise<void>;
}

/**
 * A throwaway certificate authority (openssl), valid two days, in a temp dir: for tests in
 * which the client really verifies the server's certificate against a CA it trusts.
 */
export async function testCertificateAuthority(): Promise<TestCertificateAuthority> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-test-ca-'));
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-days',
      '2',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=confab test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let issued = 0;
  return {
    certFile,
    pem: await readFile(certFile, 'utf8'),
    async issue(names) {
      issued += 1;
      const base = join(dir, `server-${String(issued)}`);
      const san = [
        ...(names.dns ?? []).map((name) => `DNS:${name}`),
        ...(names.ip ?? []).map((ip) => `IP:${ip}`),
      ].join(',');
      await writeFile(
        `${base}.ext`,
        `subjectAltName=${san}\nbasicConstraints=critical,CA:FALSE\n` +
          'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
      );
      const subject = names.dns?.[0] ?? names.ip?.[0] ?? 'confab test server';
      await run('openssl', [
        'req',
        ...ec,
        '-keyout',
        `${base}-key.pem`,
        '-out',
        `${base}.csr`,
        '-subj',
        `/CN=${subject}`,
      ]);
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        certFile,
        '-CAkey',
        keyFile,
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.pem`,
      ]);
      return { certFile: `${base}.pem`, keyFile: `${base}-key.pem` };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
