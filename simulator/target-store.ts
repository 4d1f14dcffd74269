/**
 * Direct access to a target's state for the harness and tests: read what a client provisioned,
 * plant data, clear or reseed. Reads come back in wire form (as a GET would return them).
 */
import type { ScimResource } from "../scim/types";
import type { ServiceContext } from "./context";
import { query } from "./reads";
import { render } from "./render";
import { type SeedOptions, seedStore } from "./seed";
import type { ResourceKind, StoreSnapshot } from "./store";
import { createResource, deleteResource } from "./writes";

export class TargetStore {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly baseUrl: () => string,
    private readonly defaultSeed: string,
  ) {}

  countUsers(): number {
    return this.ctx.store.users.size;
  }

  countGroups(): number {
    return this.ctx.store.groups.size;
  }

  getUser(id: string): ScimResource | undefined {
    return this.get("User", id);
  }

  getGroup(id: string): ScimResource | undefined {
    return this.get("Group", id);
  }

  /** Users in creation order, optionally narrowed by a SCIM filter (`userName sw "a"`). */
  listUsers(filter?: string): ScimResource[] {
    return this.list("User", filter);
  }

  listGroups(filter?: string): ScimResource[] {
    return this.list("Group", filter);
  }

  findUserByUserName(userName: string): ScimResource | undefined {
    const hit = this.ctx.store.users.findBy("userName", userName)?.[0];
    return hit ? (render(this.ctx.store, "User", hit, this.baseUrl()) as ScimResource) : undefined;
  }

  /** Creates a user as a POST would (same validation and uniqueness rules). */
  createUser(resource: Record<string, unknown>): ScimResource {
    const record = createResource(this.ctx, "User", { ...resource, ...withSchemas(resource, "User") });
    return render(this.ctx.store, "User", record, this.baseUrl()) as ScimResource;
  }

  createGroup(resource: Record<string, unknown>): ScimResource {
    const record = createResource(this.ctx, "Group", { ...resource, ...withSchemas(resource, "Group") });
    return render(this.ctx.store, "Group", record, this.baseUrl()) as ScimResource;
  }

  deleteUser(id: string): void {
    deleteResource(this.ctx, "User", id);
  }

  deleteGroup(id: string): void {
    deleteResource(this.ctx, "Group", id);
  }

  clear(): void {
    this.ctx.store.clear();
  }

  /** Adds seeded users and groups (same seed, same data). */
  seed(options: SeedOptions): { users: number; groups: number } {
    return seedStore(this.ctx.store, this.ctx.clock, { seed: this.defaultSeed, ...options });
  }

  snapshot(): StoreSnapshot {
    return this.ctx.store.toSnapshot();
  }

  restore(snapshot: StoreSnapshot): void {
    this.ctx.store.load(snapshot);
  }

  private get(kind: ResourceKind, id: string): ScimResource | undefined {
    const record = this.ctx.store.table(kind).get(id);
    return record ? (render(this.ctx.store, kind, record, this.baseUrl()) as ScimResource) : undefined;
  }

  private list(kind: ResourceKind, filter?: string): ScimResource[] {
    // Bypasses the page-size cap: the harness wants everything.
    const ctx = { ...this.ctx, limits: { ...this.ctx.limits, maxPageSize: Number.MAX_SAFE_INTEGER, maxResults: Number.MAX_SAFE_INTEGER } };
    return query(ctx, [kind], { filter, count: Number.MAX_SAFE_INTEGER }, this.baseUrl()).Resources as ScimResource[];
  }
}

function withSchemas(resource: Record<string, unknown>, kind: ResourceKind): Record<string, unknown> {
  if (Array.isArray(resource.schemas)) return {};
  return { schemas: [kind === "User" ? "urn:ietf:params:scim:schemas:core:2.0:User" : "urn:ietf:params:scim:schemas:core:2.0:Group"] };
}
