import { describe, expect, it } from "vitest";
import { compileExpression } from "./compile-expression";
import { ExpressionEvaluationError } from "./expression-error";

const run = (text: string, source: object = {}) => compileExpression(text).evaluate(source);
const john = { givenName: "John", surname: "Doe", userPrincipalName: "John.Doe@contoso.com", mail: null };

describe("string functions (examples from Microsoft's reference)", () => {
  it("Append", () => {
    expect(run('Append([userPrincipalName], ".test")', john)).toBe("John.Doe@contoso.com.test");
    expect(run('Append([mail], ".test")', john)).toBeNull();
    expect(run("Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))", john)).toBe("JohDoe");
  });

  it("Join skips null and empty values and flattens multi-valued ones", () => {
    expect(run('Join(", ", "", [surname], [givenName])', john)).toBe("Doe, John");
    expect(run('Join(" ", [givenName], [mail], [surname])', john)).toBe("John Doe");
    expect(run('Join(";", [members], "x")', { members: ["a", "b"] })).toBe("a;b;x");
    expect(run('Join(" ", [mail], [missing])', john)).toBeNull();
    expect(run('Join("", 1000, "7")')).toBe("10007");
  });

  it("Left", () => {
    expect(run('Left("John Doe", 3)')).toBe("Joh");
    expect(run('Left("John Doe", 0)')).toBe("");
    expect(run('Left("John Doe", -1)')).toBe("John Doe");
    expect(run('Left("Jo", 5)')).toBe("Jo");
    expect(run("Left([mail], 2)", john)).toBe("");
    expect(run('Left("abc", "2")')).toBe("ab");
  });

  it("Mid", () => {
    expect(run("Mid([givenName], 2, 2)", john)).toBe("oh");
    expect(run("Mid([givenName], 3, 99)", john)).toBe("hn");
    expect(run("Mid([givenName], 9, 2)", john)).toBe("");
    expect(run("Mid([mail], 1, 2)", john)).toBeNull();
    expect(() => run("Mid([givenName], [start], 1)", { givenName: "x", start: "0" })).toThrow(ExpressionEvaluationError);
  });

  it("Word", () => {
    expect(run('Word("The quick brown fox", 3, " ")')).toBe("brown");
    expect(run('Word("This,string!has&many separators", 3, ",!&#")')).toBe("has");
    expect(run('Word("a,,b", 2, ",")')).toBe("b");
    expect(run('Word("a b", 3, " ")')).toBe("");
    expect(run('Word("a b", 0, " ")')).toBe("");
    expect(run('Word([mail], 1, " ")', john)).toBe("");
  });

  it("StripSpaces removes spaces only", () => {
    expect(run('StripSpaces(" a b\tc ")')).toBe("ab\tc");
    expect(run("StripSpaces([mail])", john)).toBeNull();
  });

  it("ToLower and ToUpper, with and without a culture", () => {
    expect(run('ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", [a], [b]))), "contoso.com"))', { a: "Zoë Ann", b: "Smith" })).toBe(
      "zoeann.smith@contoso.com",
    );
    expect(run('ToUpper("i", "tr-TR")')).toBe("İ");
    expect(run('ToLower("I", "tr-TR")')).toBe("ı");
    expect(run("ToLower([mail])", john)).toBeNull();
    expect(() => run("ToLower([a], [c])", { a: "A", c: "%%" })).toThrow(/not a culture name/);
  });

  it("NormalizeDiacritics follows the documented table", () => {
    expect(run('NormalizeDiacritics("Zoë")')).toBe("Zoe");
    expect(run('NormalizeDiacritics("Ærøskøbing Straße Łódź Čapek ñ Ǣ")')).toBe("AEroeskoebing Strasse Lodz Capek n AE");
  });

  it("PCase", () => {
    expect(run('PCase("PABLO GONSALVES (SECOND)")')).toBe("Pablo Gonsalves (Second)");
    expect(run("PCase([n], \" '-\")", { n: "PINTO-DE'SILVA" })).toBe("Pinto-De'Silva");
    expect(run('PCase(Join(" ", "GREGORY", "JAMES"))')).toBe("Gregory James");
  });

  it("InStr", () => {
    expect(run('InStr("The quick brown fox", "quick")')).toBe(5);
    expect(run('InStr("repEated", "e", 3, vbBinaryCompare)')).toBe(7);
    expect(run('InStr("repEated", "e", 3, vbTextCompare)')).toBe(4);
    expect(run('InStr("abc", "z")')).toBe(0);
  });

  it("ConvertToBase64, ConvertToUTF8Hex and CStr", () => {
    expect(run('ConvertToBase64("Hello world!")')).toBe("SABlAGwAbABvACAAdwBvAHIAbABkACEA");
    expect(run('ConvertToUTF8Hex("Hello world!")')).toBe("48656C6C6F20776F726C6421");
    expect(run("CStr([enabled])", { enabled: true })).toBe("True");
    expect(run("CStr([n])", { n: 7 })).toBe("7");
    expect(run("CStr([mail])", john)).toBe("");
  });
});
