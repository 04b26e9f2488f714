/**
 * Links to repositories outside fluxdash. Only http(s) URLs become links, always without
 * credentials (the server masks them already; this is the second lock), and they open in a
 * new tab with no opener/referrer.
 */

/** A safe `href` for `url`: http(s) only, no userinfo; null otherwise. */
export function safeExternalHref(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}

/** The URL as text without scheme noise or credentials: `github.com/org/repo`. */
export function displayUrl(url: string | null | undefined): string {
  if (!url) return "";
  let text = url.trim();
  try {
    const parsed = new URL(text);
    // Over http(s) a bare username is often a token; an ssh user (`git@`) is not a secret.
    const web = parsed.protocol === "http:" || parsed.protocol === "https:";
    if (parsed.password || (web && parsed.username)) {
      parsed.username = "";
      parsed.password = "";
      text = parsed.toString();
    }
  } catch {
    // Not a URL the browser parses (e.g. `git@host:org/repo`): show as given, minus userinfo.
  }
  return text
    .replace(/^(https?:\/\/)/, "")
    .replace(/^[^/@\s]+@(?=[^/]*[.:])/, "")
    .replace(/\/$/, "");
}

/** The URL scheme in lowercase (`https`, `ssh`, `oci`, `s3`), or "" when there is none. */
export function urlScheme(url: string | null | undefined): string {
  const match = url ? /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim()) : null;
  return match?.[1]?.toLowerCase() ?? "";
}
