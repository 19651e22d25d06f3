// Preloaded (node --require) into a measured child process: on exit it writes the process's own CPU
// time (user + system, in microseconds) as JSON to file descriptor 3, which the benchmark reads.
'use strict';
// getBuiltinModule (Node >= 20.16) keeps this preload free of require() and of any module lookup.
const { writeSync } = process.getBuiltinModule('node:fs');

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify(process.cpuUsage()));
  } catch {
    // Run without the benchmark's pipe on fd 3: nothing to report to.
  }
});
