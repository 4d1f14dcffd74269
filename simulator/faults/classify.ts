/** Classifies a request once (resource, operation, id, token) so rules compare plain fields. */
import type { FaultRequest } from "./actions/action";
import type { Operation, ResourceName } from "./types";

// Looked up with Object.hasOwn: a path segment such as `__proto__` must name no resource.
const RESOURCE_BY_SEGMENT: Record<string, ResourceName> = {
  users: "Users",
  groups: "Groups",
  bulk: "Bulk",
  ".search": "Search",
  serviceproviderconfig: "ServiceProviderConfig",
  resourcetypes: "ResourceTypes",
  schemas: "Schemas",
  me: "Me",
};

export function classify(method: string, path: string, authorization: string | undefined, token: boolean): FaultRequest {
  const bearer = authorization && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : undefined;
  if (token) return { method, path, resource: "Token", operation: "token", id: undefined, token: bearer };
  const segments = path.split("/").filter((s) => s !== "");
  const segment = (segments[0] ?? "").toLowerCase();
  const resource = Object.hasOwn(RESOURCE_BY_SEGMENT, segment) ? RESOURCE_BY_SEGMENT[segment] : undefined;
  let id = segments[1];
  let operation: Operation | undefined;
  if (resource === "Users" || resource === "Groups") {
    if (id === ".search") {
      operation = "query";
      id = undefined;
    } else if (id === undefined) operation = method === "POST" ? "create" : method === "GET" ? "query" : undefined;
    else operation = ({ GET: "read", PUT: "replace", PATCH: "update", DELETE: "delete" } as Record<string, Operation>)[method];
  } else if (resource === "Search") operation = "query";
  else if (resource === "Bulk") operation = "bulk";
  else if (resource === "ServiceProviderConfig" || resource === "ResourceTypes" || resource === "Schemas") operation = "discovery";
  return { method, path, resource, operation, id: resource === "Users" || resource === "Groups" ? id : undefined, token: bearer };
}

/** `*` matches within a path segment, `**` across segments; matching ignores case. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        out += ".*";
        i++;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}/?$`, "i");
}
