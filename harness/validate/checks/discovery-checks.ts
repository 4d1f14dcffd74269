/**
 * Discovery (RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas, and at the end of the
 * run whether what they advertise matches what the endpoint was seen doing.
 */
import { SCHEMA } from "../../../scim/types";
import type { Check } from "./check-types";
import { CheckFailure, CheckSkipped } from "./check-types";
import { answered, attr, expectListResponse, expectStatus } from "./expect-response";
import { RULES } from "./rules";

const FEATURES = ["patch", "bulk", "filter", "changePassword", "sort", "etag"] as const;

export const serviceProviderConfigCheck: Check = {
  id: "discovery.service-provider-config",
  title: "ServiceProviderConfig describes the features",
  group: "discovery",
  rule: RULES.serviceProviderConfig,
  async run(ctx) {
    const res = await ctx.send("GET", "/ServiceProviderConfig");
    const fix = `serve GET /ServiceProviderConfig with {"schemas": ["${SCHEMA.serviceProviderConfig}"], "patch": {"supported": true}, "bulk": {...}, "filter": {...}, "changePassword": {...}, "sort": {...}, "etag": {...}, "authenticationSchemes": [...]}`;
    expectStatus(res, 200, fix);
    const body = res.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new CheckFailure(`the answer is not a JSON object: ${answered(res)}`, fix, res);
    const problems: string[] = [];
    if (!Array.isArray(body.schemas) || !body.schemas.includes(SCHEMA.serviceProviderConfig)) problems.push(`"schemas" does not list ${SCHEMA.serviceProviderConfig}`);
    for (const feature of FEATURES) {
      const value = attr(body, feature) as Record<string, unknown> | undefined;
      if (!value || typeof value !== "object" || typeof attr(value, "supported") !== "boolean") problems.push(`"${feature}.supported" is missing or not a boolean`);
    }
    if (!Array.isArray(attr(body, "authenticationSchemes"))) problems.push(`"authenticationSchemes" is missing or not an array`);
    if (problems.length) throw new CheckFailure(`the ServiceProviderConfig is incomplete: ${problems.join("; ")}`, fix, res);
    ctx.observations.serviceProviderConfig = body;
  },
};

export const resourceTypesCheck: Check = {
  id: "discovery.resource-types",
  title: "ResourceTypes lists User at /Users and Group at /Groups",
  group: "discovery",
  rule: RULES.resourceTypes,
  async run(ctx) {
    const res = await ctx.send("GET", "/ResourceTypes");
    const fix = `serve GET /ResourceTypes as a ListResponse of ResourceType objects, e.g. {"id": "User", "name": "User", "endpoint": "/Users", "schema": "${SCHEMA.user}"} and the same for Group`;
    const list = expectListResponse(res, fix);
    for (const [name, endpoint, schema] of [["User", "/Users", SCHEMA.user], ["Group", "/Groups", SCHEMA.group]] as const) {
      const type = list.resources.find((r) => String(attr(r, "name") ?? attr(r, "id")).toLowerCase() === name.toLowerCase());
      if (!type) throw new CheckFailure(`no resource type named ${name}: ${answered(res)}`, fix, res);
      const actual = String(attr(type, "endpoint") ?? "").replace(/\/+$/, "");
      if (actual.toLowerCase() !== endpoint.toLowerCase() && !actual.toLowerCase().endsWith(endpoint.toLowerCase())) {
        throw new CheckFailure(`the ${name} resource type has endpoint ${JSON.stringify(attr(type, "endpoint"))}, but the service sends ${name}s to ${endpoint}`, fix, res);
      }
      if (attr(type, "schema") !== schema) throw new CheckFailure(`the ${name} resource type has schema ${JSON.stringify(attr(type, "schema"))}, not ${schema}`, fix, res);
    }
  },
};

export const schemasCheck: Check = {
  id: "discovery.schemas",
  title: "Schemas lists the User and Group schemas (userName caseExact false)",
  group: "discovery",
  rule: RULES.schemas,
  async run(ctx) {
    const res = await ctx.send("GET", "/Schemas");
    const fix = `serve GET /Schemas as a ListResponse holding the schemas you support (at least ${SCHEMA.user} and ${SCHEMA.group}) with their attributes`;
    const list = expectListResponse(res, fix);
    const ids = list.resources.map((r) => String(attr(r, "id")));
    ctx.observations.schemaIds = ids;
    for (const id of [SCHEMA.user, SCHEMA.group]) {
      if (!ids.includes(id)) throw new CheckFailure(`the schema ${id} is not listed (listed: ${ids.join(", ") || "none"})`, fix, res);
    }
    const user = list.resources.find((r) => attr(r, "id") === SCHEMA.user)!;
    const attributes = attr(user, "attributes");
    const userName = Array.isArray(attributes) ? attributes.find((a) => String(attr(a, "name")).toLowerCase() === "username") : undefined;
    if (!userName) throw new CheckFailure(`the User schema does not describe userName`, fix, res);
    if (attr(userName, "caseExact") === true) {
      throw new CheckFailure(
        `the User schema declares userName caseExact true; RFC 7643 §4.1.1 defines it caseExact false and the service matches users by it regardless of case`,
        `declare userName with "caseExact": false and compare it case-insensitively`,
        res,
      );
    }
  },
};

/** Runs last: compares what discovery advertised with what the other checks saw. */
export const discoveryConsistentCheck: Check = {
  id: "discovery.consistent",
  title: "What discovery advertises matches what the endpoint does",
  group: "discovery",
  rule: RULES.discoveryConsistent,
  needs: ["discovery.service-provider-config"],
  async run(ctx) {
    const spc = ctx.observations.serviceProviderConfig;
    if (!spc) throw new CheckSkipped("no ServiceProviderConfig to compare with");
    const o = ctx.observations;
    const supported = (feature: string) => attr(attr(spc, feature), "supported") === true;
    const problems: Array<{ text: string; fix: string }> = [];
    if (!supported("patch") && o.patchSucceeded) problems.push({ text: "patch.supported is false, yet PATCH requests succeeded", fix: `advertise "patch": {"supported": true}` });
    if (supported("patch") && o.patchUnsupported) problems.push({ text: "patch.supported is true, yet PATCH was refused as unsupported", fix: "implement PATCH (the service updates users and groups only by PATCH) or stop advertising it" });
    if (!supported("filter") && o.filterSucceeded) problems.push({ text: "filter.supported is false, yet filtered queries succeeded", fix: `advertise "filter": {"supported": true, "maxResults": N}` });
    if (supported("filter") && o.filterUnsupported) problems.push({ text: "filter.supported is true, yet filtered queries were refused", fix: "implement eq filters on userName, externalId and displayName" });
    if (supported("etag") && !o.etagSeen) problems.push({ text: "etag.supported is true, yet no answer carried an ETag header", fix: "send an ETag header with every resource (RFC 7644 §3.14) or advertise etag.supported false" });
    if (!supported("etag") && o.etagSeen) ctx.warn("etag.supported is false, yet answers carry ETag headers");
    if (o.enterpriseAttributesSeen && o.schemaIds && !o.schemaIds.includes(SCHEMA.enterpriseUser)) {
      ctx.warn(`users carry ${SCHEMA.enterpriseUser} attributes, but /Schemas does not list that schema`);
    }
    if (problems.length) {
      throw new CheckFailure(problems.map((p) => p.text).join("; "), problems.map((p) => p.fix).join("; "));
    }
  },
};
