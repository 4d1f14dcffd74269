import type { Clock } from "../common/clock";
import type { Random } from "../common/random";
import type { Profile } from "./profiles";
import type { ScimStore } from "./store";

/** Limits a target enforces and advertises in its ServiceProviderConfig. */
export interface Limits {
  /** Most operations in one Bulk request. @default 1000 */
  maxOperations: number;
  /** Largest request body in bytes (Bulk and everything else). @default 1048576 */
  maxPayloadSize: number;
  /** Most results of one filtered query. @default 10000 */
  maxResults: number;
  /** Page size when the client sends no `count`. @default 100 */
  defaultPageSize: number;
  /** Largest page a client may ask for. @default 1000 */
  maxPageSize: number;
  /** Seconds a cursor stays valid (RFC 9865). @default 3600 */
  cursorTimeout: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxOperations: 1000,
  maxPayloadSize: 1_048_576,
  maxResults: 10_000,
  defaultPageSize: 100,
  maxPageSize: 1000,
  cursorTimeout: 3600,
};

/** What the request-handling core needs from its target; one per target, nothing shared. */
export interface ServiceContext {
  store: ScimStore;
  clock: Clock;
  random: Random;
  profile(): Profile;
  limits: Limits;
}
