/**
 * `npm run reliability`: the crash loop, then the soak (issue 9). Bounded (about 4 + 3.5 minutes
 * on 2 cores), loopback only, rerunnable: `--seed S` replays the crash loop's kill schedule.
 * Each writes its figures into docs/reliability.md; the exit code is 1 when either failed.
 *
 *   npm run reliability                       # both
 *   npm run reliability -- crash-loop --seed 42 --kills 50
 *   npm run reliability -- soak --seconds 180 --connections 1000 --rate 2
 */
import { randomInt } from "node:crypto";
import { crashLoop, crashLoopMarkdown } from "./crash-loop";
import { writeFigures } from "./lib/figures";
import { soak, soakMarkdown } from "./soak";

function arg(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv[0] === "crash-loop" || argv[0] === "soak" ? argv[0] : undefined;
  const write = !argv.includes("--no-write");
  let ok = true;
  if (only !== "soak") {
    const seed = arg(argv, "--seed") ?? String(randomInt(1_000_000));
    const report = await crashLoop({ seed, kills: Number(arg(argv, "--kills") ?? 50), users: Number(arg(argv, "--users") ?? 400) });
    console.log(`crash loop: ${report.kills} kills, ${report.violations.length} violations (seed ${report.seed}, ${report.wallSeconds.toFixed(0)} s)`);
    if (write) writeFigures("crash-loop", crashLoopMarkdown(report));
    ok &&= report.violations.length === 0;
  }
  if (only !== "crash-loop") {
    const report = await soak({ seconds: Number(arg(argv, "--seconds") ?? 180), warmup: Number(arg(argv, "--warmup") ?? 30), connections: Number(arg(argv, "--connections") ?? 1000), rate: Number(arg(argv, "--rate") ?? 2) });
    console.log(`soak: ${report.passed ? "passed" : "FAILED"}: ${JSON.stringify(report)}`);
    if (write) writeFigures("soak", soakMarkdown(report));
    ok &&= report.passed;
  }
  process.exit(ok ? 0 : 1);
}

void main();
