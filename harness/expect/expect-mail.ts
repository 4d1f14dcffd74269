import type { MailExpectation } from "../scenario/expectation-schema";
import type { MailMessage } from "../world/world";
import type { EvalContext } from "./eval-context";
import { checkCount, type Fields } from "./filter-count";
import type { Mismatch } from "./match";

const FIELDS: Fields<MailMessage> = {
  kind: (m) => m.kind,
  to: (m) => m.to,
  from: (m) => m.from,
  subject: (m) => m.subject,
  sentAt: (m) => new Date(m.at).toISOString(),
  messageId: (m) => m.messageId,
};

/** `mail`: messages the catcher received, counted by kind, recipient, sender, subject, time, Message-ID. */
export async function expectMail(expectation: MailExpectation, ctx: EvalContext): Promise<Mismatch[]> {
  const filters = Array.isArray(expectation) ? expectation : [expectation];
  const all = await ctx.mails();
  const out: Mismatch[] = [];
  filters.forEach((filter, i) => {
    const path = Array.isArray(expectation) ? `mail[${i}]` : "mail";
    checkCount(filter, ctx.since(all, filter.since, "mails", (m) => m.at), FIELDS, path, "mails", ctx.times, out);
  });
  return out;
}
