import { escapeHtml } from "../../common/timeline/escape-html";
import type { ConsoleKind } from "./console-assets";

/**
 * The console's one page: a shell the bundled module fills in. Nothing comes from elsewhere: the
 * favicon is an empty data URL (no stray request), script and styles are served by the console.
 */
export function shellHtml(kind: ConsoleKind, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/${kind}.js"></script>
</head>
<body data-console="${kind}">
<a class="skip-link" href="#main">Skip to content</a>
<noscript><p>The scimlab console needs JavaScript; the same data is in the HTTP API.</p></noscript>
<div id="app"></div>
</body>
</html>
`;
}

/** What an unauthenticated browser sees (status 401): how to get in, and a form to paste a token. */
export function loginRequiredHtml(title: string, problem: string, hint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in: ${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 38rem; margin: 4rem auto; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.4rem; } label { display: block; font-weight: 600; margin-top: 1rem; }
input { font: inherit; width: 100%; padding: .4rem; border: 1px solid #596275; border-radius: 4px; box-sizing: border-box; }
button { font: inherit; margin-top: .75rem; padding: .4rem 1rem; border: 0; border-radius: 4px; background: #1f4fa3; color: #fff; }
button:focus-visible, input:focus-visible { outline: 3px solid #f2b600; outline-offset: 2px; }
.problem { color: #8a1c1c; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}: log in</h1>
<p class="problem" role="alert">${escapeHtml(problem)}</p>
<p>${escapeHtml(hint)}</p>
<form method="post" action="/_console/login">
<label for="token">Login token or API token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Log in</button>
</form>
</main>
</body>
</html>
`;
}
