// Imported first by every browser entry (the client library, the app, the doctor page).
// zod compiles fast parsers with `new Function` where it may, and probes for that the
// first time a schema is built: under a Content-Security-Policy without 'unsafe-eval'
// (confab's pages, and any careful page using the library) that probe is reported as a
// violation. Browsers parse a few messages a second, so the interpreted parsers cost
// nothing noticeable; the server keeps the compiled ones.
import { z } from 'zod';

z.config({ jitless: true });
