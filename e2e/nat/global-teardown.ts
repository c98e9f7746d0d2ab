import { removeLabNamespaces } from './lab-net.js';
import { writeMatrix } from './matrix-report.js';

/** After every lab test: write the matrix docs, and make sure no namespace is left behind. */
export default function globalTeardown(): void {
  writeMatrix();
  removeLabNamespaces();
}
