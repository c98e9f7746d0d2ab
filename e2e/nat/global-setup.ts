import { installCleanup } from './lab-net.js';
import { resetResults } from './matrix-report.js';

export default function globalSetup(): void {
  installCleanup();
  resetResults();
}
