/**
 * Pages live in the URL's fragment (`#/logs?status=failure`), so the server serves one page and a
 * reload or a shared link opens the same view with the same filters.
 */
export interface Route {
  page: string;
  params: URLSearchParams;
}

export function currentRoute(fallback: string): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page = "", query = ""] = hash.split("?", 2);
  return { page: page || fallback, params: new URLSearchParams(query) };
}

export function href(page: string, params?: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== "") query.set(k, v);
  const q = query.toString();
  return `#/${page}${q ? `?${q}` : ""}`;
}

/** Changes the URL without a reload; `replace` keeps the browser history short (filter edits). */
export function navigate(page: string, params?: Record<string, string | undefined>, replace = false): void {
  const target = href(page, params);
  if (replace) {
    history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = target;
  }
}
