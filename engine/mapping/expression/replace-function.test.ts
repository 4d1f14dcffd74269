import { describe, expect, it } from "vitest";
import { compileExpression } from "./compile-expression";

const run = (text: string, source: object = {}) => compileExpression(text).evaluate(source);

describe("Replace (the forms of Microsoft's reference)", () => {
  it("oldValue and replacementValue replace every occurrence, case-sensitively", () => {
    expect(run('Replace([BusinessTitle], "Product Developer", , , "Software Engineer", , )', { BusinessTitle: "Product Developer" })).toBe(
      "Software Engineer",
    );
    expect(run('Replace([mail], "@contoso.com", , ,"", ,)', { mail: "john.doe@contoso.com" })).toBe("john.doe");
    expect(run('Replace([x], "a", , , "b", , )', { x: "aAa" })).toBe("bAb");
    expect(run('Replace([x], "a", , , "b", , )', {})).toBeNull();
  });

  it("oldValue and template put the source into the template", () => {
    expect(run('Replace([UserID], "<username>", , , , , "<username>@contoso.com")', { UserID: "jsmith" })).toBe("jsmith@contoso.com");
  });

  it("regexPattern and replacementValue, with .NET group substitutions", () => {
    const phone = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )';
    expect(run(phone, { telephoneNumber: "+91 9998887777" })).toBe("9998887777");
    expect(run('Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: "+1 (999) 888-7777" })).toBe("+19998887777");
    expect(run('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: "john_doe72" })).toBe("72");
    expect(run('Replace([x], , "b+", , "[$0]", , )', { x: "abbc" })).toBe("a[bb]c");
  });

  it("regexPattern, regexGroupName and replacementValue replace only the group", () => {
    expect(run('Replace([AddressLineData], , "(?<streetNumber>^\\\\d*)", "streetNumber", "888", , )', { AddressLineData: "545 Tremont Street" })).toBe(
      "888 Tremont Street",
    );
    expect(run('Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', { userPrincipalName: "jsmith@contoso.com" })).toBe("jsmith");
  });

  it("regexPattern, regexGroupName and replacementAttributeName fall back to another attribute", () => {
    const expression = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )';
    expect(run(expression, { telephoneNumber: "", mobile: "+91 8887779999" })).toBe("8887779999");
    expect(run(expression, { telephoneNumber: "+1 555", mobile: "+91 8887779999" })).toBe("+1 555");
    expect(run(expression, { mobile: "no digits" })).toBeNull();
  });

  it("takes a pattern from an attribute, reporting a bad one for that object only", () => {
    expect(run('Replace([x], , [p], , "-", , )', { x: "a1b2", p: "[0-9]" })).toBe("a-b-");
    expect(() => run('Replace([x], , [p], , "-", , )', { x: "a", p: "(" })).toThrow(/regexPattern "\(" is not valid/);
  });
});
