import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A new empty directory under the OS temp dir; the caller removes it. */
export function tempDir(prefix = 'cohort-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
