import { z } from "zod";
import { ExpectedObjectSchema } from "./matcher";
import { strictObject } from "./strict-object";

/**
 * `directory` steps edit the source directory the engine provisions from. Objects are chosen with a
 * selector; an edit applies to every object the selector picks.
 */
export const SelectorSchema = z
  .union(
    [
      z.string().min(1),
      strictObject({ id: z.string().min(1) }, "a selector {id}"),
      strictObject({ nth: z.number().int().min(0) }, "a selector {nth}"),
      strictObject({ first: z.number().int().min(1) }, "a selector {first}"),
      strictObject({ last: z.number().int().min(1) }, "a selector {last}"),
      strictObject({ where: ExpectedObjectSchema }, "a selector {where}"),
      strictObject({ all: z.literal(true) }, "a selector {all: true}"),
    ],
    {
      error:
        "expected a selector: a userPrincipalName, group displayName or id, or {id}, {nth: 0}, {first: 10}, {last: 10}, {where: {…}}, {all: true}",
    },
  )
  .meta({
    id: "Selector",
    description:
      "Which objects: a userPrincipalName (users), a displayName (groups) or an id; {nth: n} (0-based, id order), " +
      "{first: n}, {last: n}, {where: partial object}, {all: true}.",
  });

export type Selector = z.output<typeof SelectorSchema>;

const nullableString = z.string().nullable().optional();

const UserFieldsShape = {
  userPrincipalName: z.string().min(1).optional(),
  mail: nullableString,
  mailNickname: z.string().optional(),
  givenName: nullableString,
  surname: nullableString,
  displayName: z.string().optional(),
  accountEnabled: z.boolean().optional(),
  department: nullableString,
  jobTitle: nullableString,
  employeeId: nullableString,
  /** The manager, chosen with a selector. */
  manager: SelectorSchema.nullable().optional(),
};

const GroupFieldsShape = {
  displayName: z.string().min(1).optional(),
  mailNickname: z.string().optional(),
  description: nullableString,
};

const NewUserSchema = strictObject({ id: z.string().optional(), ...UserFieldsShape, userPrincipalName: z.string().min(1) }, "a new user");
const NewGroupSchema = strictObject(
  { id: z.string().optional(), ...GroupFieldsShape, displayName: z.string().min(1), members: SelectorSchema.optional() },
  "a new group",
);

const UserOrGroup = (what: string) =>
  z.union([strictObject({ user: SelectorSchema }, what), strictObject({ group: SelectorSchema }, what)], {
    error: `expected {user: selector} or {group: selector} in ${what}`,
  });

export const DirectoryOpSchema = z
  .union(
    [
      strictObject(
        {
          add: z.union(
            [
              strictObject({ user: NewUserSchema, assigned: z.boolean().default(true) }, "add"),
              strictObject({ group: NewGroupSchema, assigned: z.boolean().default(true) }, "add"),
            ],
            { error: "expected add: {user: {userPrincipalName, …}} or {group: {displayName, …}}" },
          ),
        },
        "a directory edit",
      ),
      strictObject(
        {
          update: z.union(
            [
              strictObject({ user: SelectorSchema, set: strictObject(UserFieldsShape, "user fields") }, "update"),
              strictObject({ group: SelectorSchema, set: strictObject(GroupFieldsShape, "group fields") }, "update"),
            ],
            { error: "expected update: {user: selector, set: {…}} or {group: selector, set: {…}}" },
          ),
        },
        "a directory edit",
      ),
      strictObject({ disable: SelectorSchema }, "a directory edit"),
      strictObject({ enable: SelectorSchema }, "a directory edit"),
      strictObject(
        {
          delete: z.union(
            [
              strictObject({ user: SelectorSchema, hard: z.boolean().default(false) }, "delete"),
              strictObject({ group: SelectorSchema, hard: z.boolean().default(false) }, "delete"),
            ],
            { error: "expected delete: {user: selector, hard?} or {group: selector, hard?}" },
          ),
        },
        "a directory edit",
      ),
      strictObject({ assign: UserOrGroup("assign") }, "a directory edit"),
      strictObject({ unassign: UserOrGroup("unassign") }, "a directory edit"),
      strictObject(
        {
          membership: strictObject(
            { group: SelectorSchema, add: SelectorSchema.optional(), remove: SelectorSchema.optional() },
            "membership",
          ).refine((m) => m.add !== undefined || m.remove !== undefined, { error: "membership needs add or remove" }),
        },
        "a directory edit",
      ),
      strictObject(
        {
          generate: z.union(
            [
              z.number().int().min(1),
              strictObject(
                {
                  users: z.number().int().min(0).default(0),
                  groups: z.number().int().min(0).default(0),
                  assigned: z.boolean().default(true),
                },
                "generate",
              ),
            ],
            { error: "expected generate: N (users) or {users, groups, assigned}" },
          ),
        },
        "a directory edit",
      ),
    ],
    {
      error:
        "expected a directory edit: add, update, disable, enable, delete, assign, unassign, membership or generate",
    },
  )
  .meta({ id: "DirectoryEdit" });

export type DirectoryOp = z.output<typeof DirectoryOpSchema>;

export const DirectoryStepSchema = z
  .union([DirectoryOpSchema, z.array(DirectoryOpSchema).min(1)], {
    error: "expected a directory edit or a list of them",
  })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .meta({ description: "Edits to the source directory, applied in order." });
