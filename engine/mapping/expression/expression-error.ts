/**
 * An expression that does not parse or cannot be compiled. `column` (1-based, counted over the
 * whole expression text) points at the offending character; `display` shows the line with a caret.
 */
export class ExpressionError extends Error {
  readonly code = "InvalidExpression";
  /** The line (1-based) holding `column`, for expressions written over several lines. */
  readonly line: number;
  /** The offending line and a caret under the offending character. */
  readonly display: string;

  constructor(
    readonly reason: string,
    readonly expression: string,
    /** 1-based offset into `expression`. */
    readonly column: number,
  ) {
    const { line, display } = caret(expression, column);
    super(`${reason} at column ${column}\n${display}`);
    this.name = "ExpressionError";
    this.line = line;
    this.display = display;
  }
}

/**
 * An expression that parsed but failed on one object's values (for example `Left` given a
 * non-number from an attribute, or a regular expression from an attribute that does not compile).
 * The object's export fails; other objects carry on.
 */
export class ExpressionEvaluationError extends Error {
  readonly code = "ExpressionEvaluationFailed";
  constructor(message: string) {
    super(message);
    this.name = "ExpressionEvaluationError";
  }
}

function caret(expression: string, column: number): { line: number; display: string } {
  const offset = Math.max(0, Math.min(column - 1, expression.length));
  const lineStart = expression.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = expression.indexOf("\n", offset);
  const text = expression.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const line = expression.slice(0, lineStart).split("\n").length;
  // Keep tabs in the padding so the caret lines up under tab-indented text too.
  const padding = text.slice(0, offset - lineStart).replace(/[^\t]/g, " ");
  return { line, display: `${text}\n${padding}^` };
}
