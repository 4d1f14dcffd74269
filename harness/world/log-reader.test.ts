import { describe, expect, it } from "vitest";
import type { ProvisioningObjectSummary } from "../../engine/model/graph-types";
import { graphLogPages, LogReader } from "./log-reader";

const record = (n: number) => ({ id: `r${n}` }) as ProvisioningObjectSummary;

/** A Graph endpoint serving `records` newest first, `top` per page, with nextLinks. */
function graph(records: ProvisioningObjectSummary[], top: number) {
  const paths: string[] = [];
  const get = async (path: string) => {
    paths.push(path);
    const url = new URL(path, "http://engine.test");
    const skip = url.searchParams.get("$skiptoken");
    const newestFirst = [...records].reverse();
    const from = skip === null ? 0 : newestFirst.findIndex((r) => r.id === skip) + 1;
    const value = newestFirst.slice(from, from + top);
    const more = from + top < newestFirst.length;
    return { value, ...(more ? { "@odata.nextLink": `http://engine.test/v1.0/auditLogs/provisioning?$top=${top}&$skiptoken=${value.at(-1)!.id}` } : {}) };
  };
  return { get, paths };
}

describe("reading every provisioning log record", () => {
  it("follows Graph's nextLinks to the end, oldest first", async () => {
    const records = Array.from({ length: 2500 }, (_, i) => record(i));
    const api = graph(records, 1000);
    const all = await new LogReader(graphLogPages(api.get)).all();
    expect(all.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(api.paths).toHaveLength(3);
    expect(api.paths[1]).toContain("$skiptoken=r1500");
  });

  it("reads only what is new the next time", async () => {
    const records = Array.from({ length: 1200 }, (_, i) => record(i));
    const api = graph(records, 1000);
    const reader = new LogReader(graphLogPages(api.get));
    await reader.all();
    records.push(record(1200), record(1201));
    api.paths.length = 0;
    const all = await reader.all();
    expect(all).toHaveLength(1202);
    expect(all.slice(-2).map((r) => r.id)).toEqual(["r1200", "r1201"]);
    expect(api.paths).toHaveLength(1);
  });
});
