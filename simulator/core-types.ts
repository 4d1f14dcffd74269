import type { ServiceContext } from "./context";
import type { AuthSchemeInfo } from "./discovery";

export interface CoreRequest {
  method: string;
  /** Path below the base path, e.g. `/Users/abc`. */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Origin and base path as the client addressed them, for `meta.location`. */
  baseUrl: string;
}

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface CoreServices {
  ctx: ServiceContext;
  auth: () => AuthSchemeInfo;
}

