/**
 * SCIM 2.0 wire types shared by the simulator (which serves them) and the engine (which sends
 * them). RFC 7643 (schema) and RFC 7644 (protocol). No I/O here.
 */

export const SCHEMA = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  searchRequest: "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
  bulkRequest: "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
  bulkResponse: "urn:ietf:params:scim:api:messages:2.0:BulkResponse",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

/** The SCIM media type (RFC 7644 section 8.1). */
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** `scimType` values of RFC 7644 section 3.12, table 9. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive"
  // RFC 9865 (cursor pagination) section 3.2.
  | "invalidCursor"
  | "expiredCursor"
  | "invalidCount";

/** The SCIM error body. `status` is a string on the wire (RFC 7644 section 3.12). */
export interface ScimErrorBody {
  schemas: [typeof SCHEMA.error];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

export interface ScimMeta {
  resourceType: string;
  created: string;
  lastModified: string;
  location: string;
  version?: string;
}

export interface ScimResource {
  schemas: string[];
  id: string;
  externalId?: string;
  meta?: ScimMeta;
  [attribute: string]: unknown;
}

export interface ListResponse<T = ScimResource> {
  schemas: [typeof SCHEMA.listResponse];
  totalResults: number;
  itemsPerPage?: number;
  startIndex?: number;
  /** RFC 9865 cursor pagination. */
  nextCursor?: string;
  previousCursor?: string;
  Resources: T[];
}

/**
 * A PATCH operation. `op` is lower-case per RFC 7644; Entra's 2017 dialect capitalises it
 * ("Replace", "Add", "Remove"), which tolerant profiles accept.
 */
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export interface PatchRequest {
  schemas: [typeof SCHEMA.patchOp];
  Operations: PatchOperation[];
}

/** The resource types the simulator serves and the engine provisions. */
export type ResourceTypeName = "User" | "Group";
export type ResourceEndpoint = "Users" | "Groups";
