/**
 * `npm run bench [name-filter]`: runs every `bench/*.bench.ts` one after the other, each in its own
 * process (so one benchmark's heap and sockets never skew the next). Each script prints its own
 * figures and the ratio against the baseline it measures in the same run.
 */
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism, cpus, totalmem } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const scripts = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
  .sort();

console.log(
  `scimlab benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown cpu"}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", join(here, script)], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    console.log(`!! ${script} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
