import { z } from "zod";
import { DurationSchema } from "./duration-schema";
import { CountSchema, ExpectedObjectSchema, ExpectedSchema, MatcherSchema, oneOfOrMatcher } from "./matcher";
import { oneOf, strictObject } from "./strict-object";

/**
 * Expectations: what a scenario checks about the world. One `expect` step may hold several kinds
 * (`{job: …, target: …}`); all must hold. Values are exact, partial objects or matchers.
 */

const STATUS_CODES = ["NotConfigured", "NotRun", "Active", "Paused", "Quarantine"] as const;
const SCHEDULE_STATES = ["Active", "Disabled", "Paused"] as const;
export const QUARANTINE_REASONS = [
  "EncounteredBaseEscrowThreshold",
  "EncounteredTotalEscrowThreshold",
  "EncounteredEscrowProportionThreshold",
  "EncounteredQuarantineException",
  "QuarantinedOnDemand",
  "TooManyDeletes",
  "IngestionInterrupted",
  "Unknown",
] as const;

const QuarantineExpectation = z
  .union(
    [
      z.null(),
      MatcherSchema,
      strictObject(
        {
          reason: oneOfOrMatcher(QUARANTINE_REASONS).optional(),
          currentBegan: ExpectedSchema.optional(),
          nextAttempt: ExpectedSchema.optional(),
          seriesBegan: ExpectedSchema.optional(),
          seriesCount: CountSchema.optional(),
          error: ExpectedSchema.optional(),
        },
        "a quarantine expectation",
      ),
    ],
    { error: "expected null (not quarantined) or a partial quarantine {reason, nextAttempt, seriesCount, …}" },
  )
  .meta({ description: "status.quarantine: null when not quarantined." });

/** The job: any field of Graph's synchronizationStatus, plus the job's schedule and settings. */
export const JobExpectationSchema = strictObject(
  {
    code: oneOfOrMatcher(STATUS_CODES).optional(),
    quarantine: QuarantineExpectation.optional(),
    countSuccessiveCompleteFailures: CountSchema.optional(),
    escrowsPruned: ExpectedSchema.optional(),
    lastExecution: ExpectedSchema.optional(),
    lastSuccessfulExecution: ExpectedSchema.optional(),
    lastSuccessfulExecutionWithExports: ExpectedSchema.optional(),
    progress: ExpectedSchema.optional(),
    steadyStateFirstAchievedTime: ExpectedSchema.optional(),
    steadyStateLastAchievedTime: ExpectedSchema.optional(),
    synchronizedEntryCountByType: ExpectedSchema.optional(),
    troubleshootingUrl: ExpectedSchema.optional(),
    notificationsBlocked: ExpectedSchema.optional().meta({
      description: "Why no notification mail can go out for the job now (scimlab's addition to the status), or null.",
    }),
    schedule: strictObject(
      {
        state: oneOfOrMatcher(SCHEDULE_STATES).optional(),
        interval: ExpectedSchema.optional(),
        expiration: ExpectedSchema.optional(),
      },
      "a schedule expectation",
    ).optional(),
    synchronizationJobSettings: ExpectedSchema.optional(),
    id: ExpectedSchema.optional(),
    templateId: ExpectedSchema.optional(),
  },
  "a job expectation (fields of synchronizationStatus, plus schedule)",
).meta({ description: "The job's status in Graph's shape (status fields at the top, plus schedule)." });

const PartialResources = z.array(ExpectedObjectSchema);

export const TargetExpectationSchema = strictObject(
  {
    users: z
      .union(
        [
          CountSchema,
          strictObject(
            {
              count: CountSchema.optional(),
              active: CountSchema.optional(),
              inactive: CountSchema.optional(),
              include: PartialResources.optional(),
              exclude: PartialResources.optional(),
            },
            "a users expectation",
          ),
        ],
        { error: "expected a count, a matcher, or {count, active, inactive, include, exclude}" },
      )
      .optional(),
    groups: z
      .union(
        [
          CountSchema,
          strictObject(
            { count: CountSchema.optional(), include: PartialResources.optional(), exclude: PartialResources.optional() },
            "a groups expectation",
          ),
        ],
        { error: "expected a count, a matcher, or {count, include, exclude}" },
      )
      .optional(),
  },
  "a target expectation",
).meta({
  description:
    "What the SCIM target stores: counts, active/inactive users, and users or groups that must (include) or must not (exclude) be there.",
});

/** Which entries count: all (`start`), those since the previous step began, or since a time. */
export const SinceSchema = z
  .union(
    [
      z.literal("start"),
      z.literal("previous-step"),
      strictObject({ at: DurationSchema }, "since {at}"),
      strictObject({ ago: DurationSchema }, "since {ago}"),
    ],
    { error: "expected start, previous-step, {at: duration from the scenario's start} or {ago: duration}" },
  )
  .meta({ description: "Only entries from this virtual time on. @default start" });

export type Since = z.output<typeof SinceSchema>;

const RequestFilterShape = {
  method: ExpectedSchema.optional(),
  resource: ExpectedSchema.optional(),
  operation: ExpectedSchema.optional(),
  path: ExpectedSchema.optional(),
  status: ExpectedSchema.optional(),
  rule: ExpectedSchema.optional(),
};

export const JournalExpectationSchema = strictObject(
  {
    since: SinceSchema.optional(),
    total: CountSchema.optional(),
    requests: z
      .array(strictObject({ ...RequestFilterShape, count: CountSchema.optional() }, "a request count"))
      .optional(),
    order: z.array(strictObject(RequestFilterShape, "a request filter")).min(1).optional(),
  },
  "a journal expectation",
).meta({
  description:
    "The target's request journal: `requests` counts requests matching method/resource/operation/path/status/rule " +
    "(count defaults to {gte: 1}); `order` lists filters that must match requests in this order.",
});

const MailFilterSchema = strictObject(
  {
    count: CountSchema.optional(),
    kind: ExpectedSchema.optional(),
    to: ExpectedSchema.optional(),
    from: ExpectedSchema.optional(),
    subject: ExpectedSchema.optional(),
    sentAt: ExpectedSchema.optional(),
    messageId: ExpectedSchema.optional().meta({ description: "The Message-ID header, e.g. {match: \"^<scimlab\\.quarantine\\.1\\.\"}." }),
    since: SinceSchema.optional(),
  },
  "a mail expectation",
);

export const MailExpectationSchema = z
  .union([MailFilterSchema, z.array(MailFilterSchema).min(1)], { error: "expected a mail expectation or a list of them" })
  .meta({
    description:
      "Mail the catcher received: filters by kind, to (any recipient), from, subject, sentAt; count defaults to {gte: 1}.",
  });

const LogFilterSchema = strictObject(
  {
    count: CountSchema.optional(),
    action: ExpectedSchema.optional(),
    status: ExpectedSchema.optional(),
    errorCode: ExpectedSchema.optional(),
    cycleId: ExpectedSchema.optional(),
    identity: ExpectedSchema.optional(),
    since: SinceSchema.optional(),
  },
  "a provisioning-log expectation",
);

export const LogsExpectationSchema = z
  .union([LogFilterSchema, z.array(LogFilterSchema).min(1)], { error: "expected a logs expectation or a list of them" })
  .meta({
    description:
      "Provisioning logs: counts of records by action (provisioningAction), status, errorCode, cycleId, identity " +
      "(source or target displayName); count defaults to {gte: 1}.",
  });

export const INVARIANTS = ["no-duplicate-creates", "target-matches-directory", "no-secret-leak"] as const;
export type InvariantName = (typeof INVARIANTS)[number];

const Invariant = oneOf(INVARIANTS, "an invariant:");
export const InvariantsExpectationSchema = z
  .union([Invariant, z.array(Invariant).min(1)], { error: `expected one or a list of ${INVARIANTS.join(", ")}` })
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .meta({ description: "Properties that must hold for the whole run so far." });

export const EXPECTATION_KINDS = ["job", "target", "journal", "mail", "logs", "invariants"] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

export const ExpectationSchema = strictObject(
  {
    job: JobExpectationSchema.optional(),
    target: TargetExpectationSchema.optional(),
    journal: JournalExpectationSchema.optional(),
    mail: MailExpectationSchema.optional(),
    logs: LogsExpectationSchema.optional(),
    invariants: InvariantsExpectationSchema.optional(),
  },
  "an expectation",
)
  .refine((value) => Object.values(value).some((v) => v !== undefined), {
    error: `an expectation needs at least one of ${EXPECTATION_KINDS.join(", ")}`,
  })
  .meta({ id: "Expectation", description: "What must hold now; every kind given must hold." });

export type Expectation = z.output<typeof ExpectationSchema>;
export type ExpectationInput = z.input<typeof ExpectationSchema>;
export type JobExpectation = z.output<typeof JobExpectationSchema>;
export type TargetExpectation = z.output<typeof TargetExpectationSchema>;
export type JournalExpectation = z.output<typeof JournalExpectationSchema>;
export type MailExpectation = z.output<typeof MailExpectationSchema>;
export type LogsExpectation = z.output<typeof LogsExpectationSchema>;
