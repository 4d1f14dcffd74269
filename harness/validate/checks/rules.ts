/** The rules the checks follow, with where they are written down. */
import type { Rule } from "./check-types";

const rfc = (doc: 7643 | 7644, section: string, text: string): Rule => ({
  source: `RFC ${doc} §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc${doc}#section-${section}`,
  text,
});

const ENTRA_SCIM = "https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups";
const ENTRA_COMPAT = "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility";

export const RULES = {
  serviceProviderConfig: rfc(7643, "5", "GET /ServiceProviderConfig returns the service provider's configuration: patch, bulk, filter, changePassword, sort, etag and authenticationSchemes."),
  resourceTypes: rfc(7643, "6", "GET /ResourceTypes lists the resource types, each with its endpoint and core schema."),
  schemas: rfc(7643, "7", "GET /Schemas lists the schemas the service provider supports, with their attributes."),
  discoveryConsistent: rfc(7644, "4", "What the discovery endpoints advertise is what the service provider does."),
  connectionTest: {
    source: "Entra: Develop a SCIM endpoint (test connection)",
    url: ENTRA_SCIM,
    text: "The provisioning service tests the connection with GET /Users?filter=<matching attribute> eq \"<random GUID>\" and expects 200 with an empty ListResponse.",
  },
  unauthorized: rfc(7644, "2", "A request without valid credentials is refused with 401 and a SCIM error body (RFC 6750 §3: with WWW-Authenticate)."),
  create: rfc(7644, "3.3", "POST creates the resource and answers 201 Created with the resource, including its id."),
  retrieve: rfc(7644, "3.4.1", "GET /{resource}/{id} returns the resource."),
  queryMatch: {
    source: "Entra: Develop a SCIM endpoint (user operations)",
    url: ENTRA_SCIM,
    text: "The service matches with GET /Users?filter=userName eq \"<value>\" and expects a ListResponse holding exactly that user.",
  },
  patch: rfc(7644, "3.5.2", "PATCH applies add, replace and remove operations and answers 200 with the resource or 204."),
  entraDialects: {
    source: "Entra: Known issues with SCIM 2.0 compliance (aadOptscim062020)",
    url: ENTRA_COMPAT,
    text: "Without the aadOptscim062020 flag Entra capitalises ops (\"Replace\") and sends booleans as \"True\"/\"False\"; with it, lower-case ops and a value object keyed by attribute path. Endpoints must accept the dialect their tenant URL selects.",
  },
  manager: rfc(7644, "3.5.2.1", "The enterprise extension's manager is set by PATCH with the manager's id as its value (RFC 7643 §4.3)."),
  disable: {
    source: "Entra: Develop a SCIM endpoint (disable user)",
    url: ENTRA_SCIM,
    text: "The service disables a user with PATCH replacing active with false; a later GET shows active false.",
  },
  delete: rfc(7644, "3.6", "DELETE answers 204 No Content; the resource is then gone (GET answers 404)."),
  groupMembers: rfc(7644, "3.5.2", "Group members are added with op add, path members and a value array, and removed by value array or by the path filter members[value eq \"id\"]."),
  usernameCaseInsensitive: rfc(7643, "4.1.1", "userName has caseExact false, so a filter on userName matches regardless of case (RFC 7644 §3.4.2.2)."),
  emptyList: rfc(7644, "3.4.2", "A query that matches nothing answers 200 with a ListResponse whose totalResults is 0."),
  duplicate: rfc(7644, "3.3", "Creating a resource whose userName is taken answers 409 Conflict with scimType uniqueness in a SCIM error body (§3.12)."),
  notFound: rfc(7644, "3.12", "An unknown id answers 404 with a SCIM error body: schemas [urn:ietf:params:scim:api:messages:2.0:Error] and status as a string."),
  pagination: rfc(7644, "3.4.2.4", "startIndex and count page through results; itemsPerPage equals the resources returned and pages do not overlap."),
  etag: rfc(7644, "3.14", "When etag is supported, resources carry an ETag header and meta.version; If-None-Match answers 304 and a stale If-Match answers 412."),
  liveInitial: {
    source: "Entra: How application provisioning works (initial cycle)",
    url: "https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works",
    text: "An initial cycle creates every assigned user and group, then sets managers and memberships; the endpoint then holds exactly that.",
  },
  liveIncremental: {
    source: "Entra: How application provisioning works (incremental cycles)",
    url: "https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works",
    text: "An incremental cycle sends only the changes: updates, disables, deletions and membership changes reach the endpoint.",
  },
} satisfies Record<string, Rule>;
