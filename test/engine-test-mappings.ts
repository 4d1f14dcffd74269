/**
 * A small mapping catalog for engine tests: source attributes and constants only, Entra's default
 * targets. It stands in for engine/mapping until that module's compiler is wired as the default.
 */
import { ConfigError } from "../common/config-error";
import type { MappingCatalog } from "../engine/jobs/job-config";
import type { CompiledMapping, MappedObject, ObjectMapping, ScimValue } from "../engine/mapping/types";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export const TEST_USER_MAPPING: ObjectMapping = {
  sourceObject: "User",
  targetObject: "User",
  attributes: [
    { target: "userName", source: "userPrincipalName", matchingPriority: 1 },
    { target: "active", source: "isActive" },
    { target: "displayName", source: "displayName" },
    { target: "title", source: "jobTitle" },
    { target: 'emails[type eq "work"].value', source: "mail" },
    { target: "name.givenName", source: "givenName" },
    { target: "name.familyName", source: "surname" },
    { target: "externalId", source: "mailNickname" },
    { target: `${ENTERPRISE}:department`, source: "department" },
    { target: `${ENTERPRISE}:employeeNumber`, source: "employeeId" },
    { target: `${ENTERPRISE}:manager`, source: "managerId", reference: true },
  ],
};

export const TEST_GROUP_MAPPING: ObjectMapping = {
  sourceObject: "Group",
  targetObject: "Group",
  attributes: [
    { target: "displayName", source: "displayName", matchingPriority: 1 },
    { target: "externalId", source: "mailNickname" },
    { target: "members", source: "memberIds", reference: true },
  ],
};

function read(source: object, name: string): unknown {
  const s = source as Record<string, unknown>;
  if (name === "isActive") return s.accountEnabled !== false && s.softDeleted !== true;
  return s[name];
}

function compile(definition: ObjectMapping, field: string): CompiledMapping {
  definition.attributes.forEach((a, i) => {
    if ((a.source === undefined) === (a.constant === undefined) || a.expression !== undefined) {
      throw ConfigError.single(`${field}.attributes[${i}]`, "the test catalog needs exactly one of source or constant");
    }
  });
  const matching = definition.attributes.find((a) => a.matchingPriority === 1)!;
  return {
    definition,
    matching: (source) => {
      const v = read(source, matching.source!);
      return { target: matching.target, value: v === null || v === undefined ? null : String(v) };
    },
    inScope: () => true,
    map: (source, operation): MappedObject => {
      const attributes: Record<string, ScimValue> = {};
      const references: Record<string, string[]> = {};
      for (const a of definition.attributes) {
        if (a.flow === "ObjectAddOnly" && operation !== "create") continue;
        const value = a.constant ?? read(source, a.source!);
        if (a.reference) {
          references[a.target] = Array.isArray(value) ? (value as string[]) : value ? [String(value)] : [];
          continue;
        }
        attributes[a.target] = value === undefined ? null : (value as ScimValue);
      }
      return { attributes, references };
    },
  };
}

export function testMappingCatalog(): MappingCatalog {
  return {
    defaults: () => ({ user: TEST_USER_MAPPING, group: TEST_GROUP_MAPPING }),
    compile,
  };
}
