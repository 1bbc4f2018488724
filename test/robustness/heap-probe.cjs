// Preloaded into the language server (`node --expose-gc --require heap-probe.cjs …`) so that a test or
// benchmark can read the server's memory without changing its code: on SIGUSR2 it writes
// process.memoryUsage() — as it is, then after two full garbage collections — to HEAP_PROBE_FILE.
// The n-th snapshot has `seq: n`; the file is replaced atomically. Never writes to stdout, which is
// the LSP channel.
'use strict';
const fs = require('node:fs');
const v8 = require('node:v8');

const file = process.env.HEAP_PROBE_FILE;
let seq = 0;
if (file) {
  process.on('SIGUSR2', () => {
    const before = process.memoryUsage();
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const snapshot = { seq: ++seq, gc: typeof global.gc === 'function', before, after: process.memoryUsage(), heap: v8.getHeapStatistics() };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    fs.renameSync(`${file}.tmp`, file);
  });
}
