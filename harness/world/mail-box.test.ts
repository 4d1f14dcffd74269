import { describe, expect, it } from "vitest";
import { kindOf } from "./mail-box";

describe("the kind of a caught mail", () => {
  it("comes from the stable Message-ID the engine gives each notification, named as scenarios name it", () => {
    const id = (kind: string) => ({ messageId: `<scimlab.${kind}.0.20260105T094000000Z.scim=2Eab@localhost>`, subject: "x" });
    expect(kindOf(id("quarantine"))).toBe("quarantine");
    expect(kindOf(id("reasonChanged"))).toBe("reason-changed");
    expect(kindOf(id("jobDisabled"))).toBe("disabled");
    expect(kindOf(id("deletionsHeld"))).toBe("deletions-held");
  });

  it("is unknown for mail the engine did not send", () => {
    expect(kindOf({ messageId: "<abc@example.com>", subject: "hello" })).toBe("unknown");
    expect(kindOf({ messageId: null, subject: null })).toBe("unknown");
  });
});
