/** The parsed form of an Entra attribute-mapping expression. Columns are 1-based. */
export type ExpressionNode =
  | { kind: "attribute"; name: string; column: number }
  | { kind: "string"; value: string; column: number }
  | { kind: "number"; value: number; column: number }
  /** A named constant such as `vbTextCompare`; its value is its name. */
  | { kind: "constant"; name: string; column: number }
  /** An argument left empty, as in `Switch([x], , "a", "b")`. */
  | { kind: "missing"; column: number }
  | { kind: "call"; name: string; args: ExpressionNode[]; column: number }
  | { kind: "compare"; operator: ComparisonOperator; left: ExpressionNode; right: ExpressionNode; column: number };

/** The comparison operators IIF's condition (and CBool) may use. */
export type ComparisonOperator = "=" | "<>" | ">" | ">=" | "<" | "<=";

/** Every attribute name the expression reads, in order of first use. */
export function attributesOf(node: ExpressionNode, into: string[] = []): string[] {
  if (node.kind === "attribute" && !into.includes(node.name)) into.push(node.name);
  if (node.kind === "call") for (const arg of node.args) attributesOf(arg, into);
  if (node.kind === "compare") {
    attributesOf(node.left, into);
    attributesOf(node.right, into);
  }
  return into;
}
