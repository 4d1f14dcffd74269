/**
 * Compatibility profiles. A profile changes what the target tolerates and how it shapes its
 * answers, never what it stores: the same accepted request leaves the same state in every profile.
 */
import type { PatchTolerance } from "../scim/patch-apply";

export const PROFILE_NAMES = ["rfc", "entra", "microsoft-reference", "okta"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  description: string;
  /** Input tolerance for resource bodies and PatchOp requests. */
  tolerance: PatchTolerance;
  /** Unquoted words accepted as filter values (`userName sw O`). */
  bareFilterValues: boolean;
  /** `attributes=emails[type eq "work"]` accepted. */
  filteredAttributes: boolean;
  /** Status of a successful PATCH: 200 with the resource, or 204 without a body. */
  patchStatus: 200 | 204;
  /** externalId must be unique per resource type (409 otherwise). RFC 7643 3.1 leaves it to the client. */
  uniqueExternalId: boolean;
  /** Group members whose id names no resource: rejected (400 invalidValue) or kept as given. */
  unknownMembers: "reject" | "keep";
}

const STRICT: PatchTolerance = {};

const ENTRA: PatchTolerance = {
  booleanStrings: true,
  bareComplexValue: true,
  caseInsensitiveOps: true,
  removeByValue: true,
  pathKeys: true,
  upsertValuePath: true,
  removeMissingIsNoop: true,
};

export const PROFILES: Record<ProfileName, Profile> = {
  rfc: {
    name: "rfc",
    description: "strict RFC 7643/7644: rejects what the RFCs do not define",
    tolerance: STRICT,
    bareFilterValues: false,
    filteredAttributes: false,
    patchStatus: 200,
    uniqueExternalId: false,
    unknownMembers: "reject",
  },
  entra: {
    name: "entra",
    description: "accepts both Entra ID dialects: capitalised ops, \"True\"/\"False\" strings, both member-removal forms, multi-attribute replace, the manager as a bare id",
    tolerance: ENTRA,
    bareFilterValues: false,
    filteredAttributes: false,
    patchStatus: 200,
    uniqueExternalId: true,
    unknownMembers: "reject",
  },
  "microsoft-reference": {
    name: "microsoft-reference",
    description: "answers like Microsoft's SCIM reference server where its Postman collection expects it (204 on PATCH, unquoted filter values, loose values)",
    tolerance: { ...ENTRA, looseMultiValues: true, displayNameAlias: true, schemasOptional: true, bareFilterValues: true },
    bareFilterValues: true,
    filteredAttributes: true,
    patchStatus: 204,
    uniqueExternalId: false,
    unknownMembers: "keep",
  },
  okta: {
    name: "okta",
    description: "Okta's SCIM 2.0 client: lower-case ops, PATCH answered 200 with the resource, missing values removed without error",
    tolerance: { upsertValuePath: true, removeMissingIsNoop: true },
    bareFilterValues: false,
    filteredAttributes: false,
    patchStatus: 200,
    uniqueExternalId: true,
    unknownMembers: "reject",
  },
};

export function isProfileName(name: unknown): name is ProfileName {
  return typeof name === "string" && (PROFILE_NAMES as readonly string[]).includes(name);
}
