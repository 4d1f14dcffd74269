/** Index pagination (RFC 7644 §3.4.2.4) and, when advertised, ETags (RFC 7644 §3.14). */
import type { ProbeResponse } from "../http/probe-client";
import type { Check } from "./check-types";
import { CheckFailure, CheckSkipped } from "./check-types";
import { answered, attr, expectListResponse, expectStatus } from "./expect-response";
import { changePatch } from "./request-dialect";
import { RULES } from "./rules";
import { createUser } from "./behaviour-checks";

export const paginationCheck: Check = {
  id: "pagination.index",
  title: "startIndex and count page through users without overlap",
  group: "pagination",
  rule: RULES.pagination,
  async run(ctx) {
    for (const n of [1, 2, 3]) await createUser(ctx, `page${n}`);
    const fix = "honour startIndex (1-based) and count: return at most count resources starting at startIndex, with itemsPerPage equal to the number returned and startIndex echoed";
    const pages: Array<{ res: ProbeResponse; ids: string[] }> = [];
    for (const startIndex of [1, 3]) {
      const res = await ctx.send("GET", "/Users", { query: { startIndex: String(startIndex), count: "2" } });
      const list = expectListResponse(res, fix);
      if (list.totalResults < 3) throw new CheckFailure(`totalResults is ${list.totalResults}, though at least 3 users exist: ${answered(res)}`, "report the number of all matching resources in totalResults, not the page size", res);
      if (list.resources.length > 2) throw new CheckFailure(`count=2 returned ${list.resources.length} users: count is ignored. ${answered(res)}`, fix, res);
      if (startIndex === 1 && list.resources.length < 2) throw new CheckFailure(`the first page of 2 holds ${list.resources.length} user(s) though ${list.totalResults} exist`, fix, res);
      const itemsPerPage = attr(list.body, "itemsPerPage");
      if (itemsPerPage !== undefined && itemsPerPage !== list.resources.length) throw new CheckFailure(`itemsPerPage is ${JSON.stringify(itemsPerPage)} but ${list.resources.length} resources came`, fix, res);
      if (itemsPerPage === undefined) ctx.warn("itemsPerPage is missing from a paged ListResponse (RFC 7644 §3.4.2 requires it for partial results)");
      const echoed = attr(list.body, "startIndex");
      if (echoed !== undefined && echoed !== startIndex) throw new CheckFailure(`startIndex is ${JSON.stringify(echoed)} in the answer to startIndex=${startIndex}`, fix, res);
      pages.push({ res, ids: list.resources.map((r) => String(r.id)) });
    }
    const overlap = pages[1]!.ids.filter((id) => pages[0]!.ids.includes(id));
    if (overlap.length) throw new CheckFailure(`pages 1 (startIndex=1) and 2 (startIndex=3) both hold ${overlap.join(", ")}: startIndex is ignored or 0-based`, fix, pages[1]!.res);
  },
};

export const etagCheck: Check = {
  id: "etag.conditional-requests",
  title: "ETags: header and meta.version, If-None-Match 304, stale If-Match 412",
  group: "etag",
  rule: RULES.etag,
  needs: ["discovery.service-provider-config"],
  async run(ctx) {
    const spc = ctx.observations.serviceProviderConfig;
    if (attr(attr(spc, "etag"), "supported") !== true) throw new CheckSkipped("the ServiceProviderConfig does not advertise etag support");
    const user = await createUser(ctx, "etag");
    const path = `/Users/${encodeURIComponent(user.id)}`;
    const got = await ctx.send("GET", path);
    expectStatus(got, 200, "answer GET /Users/{id} with the user");
    const etag = got.headers.etag;
    const fix = "send the resource's version as an ETag header and meta.version on every answer that carries it, and honour If-Match / If-None-Match (RFC 7644 §3.14)";
    if (!etag) throw new CheckFailure(`GET ${path} carries no ETag header though etag is advertised: ${answered(got)}`, fix, got);
    const version = attr(attr(got.json, "meta"), "version");
    if (version !== undefined && version !== etag) throw new CheckFailure(`meta.version ${JSON.stringify(version)} differs from the ETag header ${JSON.stringify(etag)}`, fix, got);
    const cached = await ctx.send("GET", path, { headers: { "if-none-match": etag } });
    expectStatus(cached, 304, `${fix}: a GET with If-None-Match equal to the current ETag answers 304 Not Modified`);
    const stale = await ctx.send("PATCH", path, {
      headers: { "if-match": 'W/"scimlab-stale-version"' },
      body: changePatch([{ path: "displayName", oldValue: null, newValue: "Stale Write" }], ctx.profile === "entra" ? "entra-2020" : "rfc"),
    });
    expectStatus(stale, 412, `${fix}: a write with an If-Match that is not the current version answers 412 Precondition Failed`);
  },
};
