// The public entry of main/core/storage: what the rest of main/ may use.
export { configDir, ensurePrivateConfigDir } from './config-dir';
export { writeFileAtomicallySync } from './atomic-file';
export { withFileLockSync } from './file-lock';
export { createDebouncedFileWriter, readJsonOrSetAside } from './json-file-store';
export { sweepStaleTempFiles } from './stale-temp-files';
