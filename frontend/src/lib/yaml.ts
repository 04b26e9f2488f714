/**
 * JSON → YAML for the manifest tab: block style like `kubectl get -o yaml`, keys in the
 * object's order, strings quoted only when YAML would read them as something else.
 * Output only (nothing here parses YAML).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PLAIN_UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
const RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|\.nan|\.NaN|\.NAN|[-+]?\.(?:inf|Inf|INF))$/;
const NUMBER_LIKE =
  /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/** Whether a single-line string can be written plain (unquoted). */
function isPlainSafe(text: string): boolean {
  if (text === "") return false;
  if (PLAIN_UNSAFE_START.test(text) || /\s$/.test(text)) return false;
  if (RESERVED.test(text) || NUMBER_LIKE.test(text)) return false;
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":")) return false;
  return !hasControlCharacters(text, "");
}

/** Control characters (tab and those in `allowed` aside) only survive in quoted, escaped form. */
function hasControlCharacters(text: string, allowed: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 0x20 || code === 0x7f) && char !== "\t" && !allowed.includes(char)) return true;
  }
  return false;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : quoted(String(value));
  return isPlainSafe(value) ? value : quoted(value);
}

function key(text: string): string {
  return isPlainSafe(text) ? text : quoted(text);
}

function isMultiline(value: string): boolean {
  return value.includes("\n") && !hasControlCharacters(value, "\n");
}

/** A literal block (`|`, `|-` or `|+`) for multi-line strings, indented under its key. */
function block(value: string, indent: string): string {
  const chomp = value.endsWith("\n\n") ? "+" : value.endsWith("\n") ? "" : "-";
  const body = value.endsWith("\n") ? value.slice(0, -1) : value;
  const indicator = /^\s/.test(body) ? "2" : "";
  const lines = body.split("\n").map((line) => (line === "" ? "" : indent + line));
  return `|${indicator}${chomp}\n${lines.join("\n")}`;
}

function isEmptyCollection(value: Json): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

function emptyCollection(value: Json): string {
  return Array.isArray(value) ? "[]" : "{}";
}

function lines(value: Json, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "object" && item !== null && !isEmptyCollection(item)) {
        const nested: string[] = [];
        lines(item, `${indent}  `, nested);
        // The first line of a nested block sits after the dash.
        const [first = "", ...rest] = nested;
        out.push(`${indent}- ${first.slice(indent.length + 2)}`, ...rest);
      } else {
        out.push(`${indent}- ${inline(item, `${indent}  `)}`);
      }
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === "object" && item !== null && !isEmptyCollection(item)) {
        out.push(`${indent}${key(name)}:`);
        lines(item, Array.isArray(item) ? indent : `${indent}  `, out);
      } else {
        out.push(`${indent}${key(name)}: ${inline(item, `${indent}  `)}`);
      }
    }
    return;
  }
  out.push(indent + inline(value, indent));
}

function inline(value: Json, indent: string): string {
  if (typeof value === "object" && value !== null) return emptyCollection(value);
  if (typeof value === "string" && isMultiline(value)) return block(value, indent);
  return scalar(value);
}

/** YAML text of a JSON value, ending with a newline. */
export function toYaml(value: unknown): string {
  const json = JSON.parse(JSON.stringify(value ?? null)) as Json;
  if (typeof json !== "object" || json === null || isEmptyCollection(json)) {
    return `${inline(json, "")}\n`;
  }
  const out: string[] = [];
  lines(json, "", out);
  return `${out.join("\n")}\n`;
}
