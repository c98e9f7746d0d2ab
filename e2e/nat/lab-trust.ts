// The lab's own certificate authority: the edge server's TURN over TLS certificate is issued
// by it, and every lab Chromium trusts it the way a managed machine trusts a company CA, in
// the NSS database of the browser's home directory. Certificate checks stay on.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../../src/server/executables.js';
import {
  testCertificateAuthority,
  type TestCertificateAuthority,
} from '../../src/server/test-support/tls-cert.js';
import { run } from './lab-net.js';
import { LAB_NAMES } from './lab-addresses.js';

export interface LabTrust {
  readonly ca: TestCertificateAuthority;
  /** Certificate and key for `edge.nat-lab.test` (its TURN over TLS on 443). */
  readonly edge: { readonly certFile: string; readonly keyFile: string };
  /** HOME for the lab's browsers: ~/.pki/nssdb trusts the CA. */
  readonly home: string;
  remove(): Promise<void>;
}

export const CA_NICKNAME = 'confab NAT lab CA';

export async function createLabTrust(): Promise<LabTrust> {
  if (findOnPath('certutil') === null) {
    throw new Error(
      'the NAT lab needs certutil for its browsers to trust the lab CA: apt-get install libnss3-tools',
    );
  }
  const ca = await testCertificateAuthority();
  const home = mkdtempSync(join(tmpdir(), 'confab-nat-home-'));
  const remove = async (): Promise<void> => {
    rmSync(home, { recursive: true, force: true });
    await ca.remove();
  };
  try {
    const edge = await ca.issue({ dns: [LAB_NAMES.edge] });
    const nssdb = `sql:${join(home, '.pki', 'nssdb')}`;
    mkdirSync(join(home, '.pki', 'nssdb'), { recursive: true });
    await run('certutil', ['-N', '-d', nssdb, '--empty-password']);
    // C: a trusted CA for server certificates (TLS), nothing else.
    await run('certutil', ['-A', '-d', nssdb, '-n', CA_NICKNAME, '-t', 'C,,', '-i', ca.certFile]);
    return { ca, edge, home, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
