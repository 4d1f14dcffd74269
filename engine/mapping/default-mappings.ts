import type { ObjectMapping } from "./types";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * The user mapping of Entra's non-gallery "SCIM 2.0" application as the portal creates it
 * (docs/mappings.md lists the sources and the deviations). Attributes the source directory does
 * not model (preferredLanguage, addresses, phones) stay in the list, as in Entra, and map to
 * nothing for users without them.
 */
export const defaultUserMapping: ObjectMapping = {
  sourceObject: "User",
  targetObject: "User",
  enabled: true,
  attributes: [
    { target: "userName", source: "userPrincipalName", matchingPriority: 1 },
    { target: "active", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
    { target: "displayName", source: "displayName" },
    { target: "title", source: "jobTitle" },
    { target: 'emails[type eq "work"].value', source: "mail" },
    { target: "preferredLanguage", source: "preferredLanguage" },
    { target: "name.givenName", source: "givenName" },
    { target: "name.familyName", source: "surname" },
    { target: "name.formatted", expression: 'Join(" ", [givenName], [surname])' },
    { target: 'addresses[type eq "work"].formatted', source: "physicalDeliveryOfficeName" },
    { target: 'addresses[type eq "work"].streetAddress', source: "streetAddress" },
    { target: 'addresses[type eq "work"].locality', source: "city" },
    { target: 'addresses[type eq "work"].region', source: "state" },
    { target: 'addresses[type eq "work"].postalCode', source: "postalCode" },
    { target: 'addresses[type eq "work"].country', source: "country" },
    { target: 'phoneNumbers[type eq "work"].value', source: "telephoneNumber" },
    { target: 'phoneNumbers[type eq "mobile"].value', source: "mobile" },
    { target: 'phoneNumbers[type eq "fax"].value', source: "facsimileTelephoneNumber" },
    { target: "externalId", source: "mailNickname" },
    { target: `${ENTERPRISE}:employeeNumber`, source: "employeeId" },
    { target: `${ENTERPRISE}:department`, source: "department" },
    { target: `${ENTERPRISE}:manager`, source: "manager", reference: true },
  ],
};

/** The group mapping of the same application: matched on displayName, members as references. */
export const defaultGroupMapping: ObjectMapping = {
  sourceObject: "Group",
  targetObject: "Group",
  enabled: true,
  attributes: [
    { target: "displayName", source: "displayName", matchingPriority: 1 },
    { target: "externalId", source: "objectId" },
    { target: "members", source: "members", reference: true },
  ],
};
