/**
 * Fault rules and journal on the hot path (issue 3): the mixed Entra hot path (query by
 * userName, create, PATCH) on a 1,000-user target with (a) no rules and the journal off,
 * (b) 50 installed rules that never match, (c) no rules and the journal on.
 * Targets: (b) >= 90% of (a); (c) costs at most 15% of (a).
 */
import { type Target, startTarget } from "../simulator/index";
import type { RuleOrPreset } from "../simulator/faults/fault-set";
import { type LoadResult, MIX, runLoad } from "./simulator.bench";

const TOKEN = "bench-token-0001";
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** Fifty rules a real suite might install, none of which matches the hot path's requests. */
function nonMatchingRules(): RuleOrPreset[] {
  const rules: RuleOrPreset[] = [];
  for (let i = 0; i < 10; i++) rules.push({ match: { resource: "Groups", operation: "delete", id: `group-${i}` }, action: { type: "error", status: 500 } });
  for (let i = 0; i < 10; i++) rules.push({ match: { operation: "create", filter: `userName sw "never-${i}-"` }, action: { type: "error", status: 409, scimType: "uniqueness" } });
  for (let i = 0; i < 10; i++) rules.push({ match: { path: `/Widgets/${i}/**` }, action: { type: "latency", delay: "1s" } });
  for (let i = 0; i < 10; i++) rules.push({ match: { header: { [`x-chaos-${i}`]: "on" } }, action: { type: "reset" } });
  for (let i = 0; i < 10; i++) rules.push({ match: { method: "DELETE", resource: "Users" }, window: { from: `${i + 1}d` }, action: { type: "throttle", retryAfter: "30s" } });
  return rules;
}

async function main(): Promise<void> {
  console.log(`fault rules and journal: mixed hot path, 10 connections, ${DURATION} s per run, median of ${ROUNDS} interleaved rounds`);
  const variants: Array<{ name: string; target: Target }> = [
    { name: "plain", target: await startTarget({ tokens: [TOKEN], seedUsers: 1000, seed: "bench", journalSize: 0 }) },
    { name: "50 rules", target: await startTarget({ tokens: [TOKEN], seedUsers: 1000, seed: "bench", journalSize: 0, faults: nonMatchingRules() }) },
    { name: "journal", target: await startTarget({ tokens: [TOKEN], seedUsers: 1000, seed: "bench", journalSize: 1000 }) },
  ];
  const users = variants[0]!.target.store.listUsers().slice(0, 500);
  const plan = { userNames: users.map((u) => u.userName as string), ids: users.map((u) => u.id) };
  const results = new Map<string, LoadResult[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) await runLoad({ base: v.target.baseUrl, token: TOKEN, duration: 2, ...plan, ops: MIX[0]!, prefix: `${v.name}-warm` });
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(i + round) % variants.length]!;
      const r = await runLoad({ base: v.target.baseUrl, token: TOKEN, duration: DURATION, ...plan, ops: MIX[0]!, prefix: `${v.name.replace(/\s/g, "")}-${round}` });
      if (r.errors || r.non2xx) throw new Error(`${v.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      results.get(v.name)!.push(r);
    }
  }
  const median = (name: string) => {
    const list = [...results.get(name)!].sort((a, b) => a.rps - b.rps);
    return list[Math.floor(list.length / 2)]!.rps;
  };
  const plain = median("plain");
  const rules = median("50 rules");
  const journal = median("journal");
  const journalled = variants[2]!.target.journal.find().length;
  for (const v of variants) await v.target.close();
  console.log("\n| variant | req/s | vs no rules, no journal |");
  console.log("| --- | ---: | ---: |");
  console.log(`| no rules, journal off | ${plain.toFixed(0)} | 100% |`);
  console.log(`| 50 non-matching rules | ${rules.toFixed(0)} | ${((rules / plain) * 100).toFixed(0)}% |`);
  console.log(`| journal on (1000 entries) | ${journal.toFixed(0)} | ${((journal / plain) * 100).toFixed(0)}% |`);
  console.log(`\n50 rules: ${((rules / plain) * 100).toFixed(0)}% of no rules (target >= 90%) ${rules / plain >= 0.9 ? "OK" : "MISSED"}`);
  console.log(`journal cost: ${((1 - journal / plain) * 100).toFixed(0)}% (target <= 15%) ${journal / plain >= 0.85 ? "OK" : "MISSED"}; ${journalled} entries kept`);
}

await main();
