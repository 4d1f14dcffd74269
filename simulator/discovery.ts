/** ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 section 4), advertising what is implemented. */
import { ALL_SCHEMAS, GROUP, type ResourceSchema, USER } from "../scim/schemas";
import { ScimError } from "../scim/scim-error";
import { listResponse } from "../scim/list-response";
import { SCHEMA } from "../scim/types";
import type { Limits } from "./context";
import type { Attrs } from "./resource-table";

export interface AuthSchemeInfo {
  bearer: boolean;
  basic: boolean;
  oauth: boolean;
}

export function serviceProviderConfig(baseUrl: string, limits: Limits, auth: AuthSchemeInfo): Attrs {
  const schemes: Attrs[] = [];
  if (auth.bearer || auth.oauth) {
    schemes.push({
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: auth.oauth ? "Bearer tokens, also issued by the OAuth 2.0 client-credentials endpoint /oauth/token" : "Static bearer tokens",
      specUri: "https://www.rfc-editor.org/rfc/rfc6750",
      primary: true,
    });
  }
  if (auth.basic) {
    schemes.push({ type: "httpbasic", name: "HTTP Basic", description: "HTTP basic authentication", specUri: "https://www.rfc-editor.org/rfc/rfc7617", primary: schemes.length === 0 });
  }
  return {
    schemas: [SCHEMA.serviceProviderConfig],
    documentationUri: "https://github.com/scimlab/scimlab/blob/main/docs/simulator.md",
    patch: { supported: true },
    bulk: { supported: true, maxOperations: limits.maxOperations, maxPayloadSize: limits.maxPayloadSize },
    filter: { supported: true, maxResults: limits.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: limits.defaultPageSize,
      maxPageSize: limits.maxPageSize,
      cursorTimeout: limits.cursorTimeout,
    },
    authenticationSchemes: schemes,
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

function resourceType(schema: ResourceSchema, baseUrl: string): Attrs {
  return {
    schemas: [SCHEMA.resourceType],
    id: schema.name,
    name: schema.name,
    endpoint: schema.endpoint,
    description: schema.description,
    schema: schema.core.id,
    ...(schema.extensions.length ? { schemaExtensions: schema.extensions.map((e) => ({ schema: e.id, required: false })) } : {}),
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/${schema.name}` },
  };
}

export function resourceTypes(baseUrl: string, name?: string): Attrs {
  const all = [USER, GROUP].map((s) => resourceType(s, baseUrl));
  if (name === undefined) return listResponse(all, all.length, { startIndex: 1 });
  const found = all.find((r) => r.id.toLowerCase() === name.toLowerCase());
  if (!found) throw ScimError.notFound(`no resource type "${name}" (known: User, Group)`);
  return found;
}

export function schemas(baseUrl: string, id?: string): Attrs {
  const all = ALL_SCHEMAS.map((s) => ({ ...s, meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${s.id}` } }));
  if (id === undefined) return listResponse(all, all.length, { startIndex: 1 });
  const found = all.find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (!found) throw ScimError.notFound(`no schema "${id}" (known: ${ALL_SCHEMAS.map((s) => s.id).join(", ")})`);
  return found;
}
