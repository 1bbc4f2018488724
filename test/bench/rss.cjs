// Preloaded (`node --require`) into each timed ESLint process: at exit, writes the process's peak
// resident set size and CPU time to the file named by BENCH_RSS_FILE. Adds no work while linting.
'use strict';
const fs = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(
      file,
      JSON.stringify({ maxRssKiB: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }),
    );
  });
}
