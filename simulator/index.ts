/** The simulator's public API: start SCIM targets from TypeScript. */
export { createTarget, startTarget, Target, type TargetOptions } from "./target";
export { TargetStore } from "./target-store";
export { PROFILES, PROFILE_NAMES, type Profile, type ProfileName } from "./profiles";
export type { Limits } from "./context";
export type { BasicCredential, OAuthClient } from "./auth";
export type { SeedOptions } from "./seed";
export type { StoreSnapshot } from "./store";
