/**
 * The `flux` command equivalent to an action, shown before the action (in the confirmation
 * dialog) so people learn the CLI. After the action the server's record carries its own
 * `cli`, which wins.
 */
import type { ActionName } from "@/api/types";
import type { KindMeta } from "./kinds";

export type CliOptions = { withSource?: boolean; force?: boolean; reset?: boolean };

/** Quote a shell word when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._\-/:=@]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function fluxCommand(
  action: ActionName,
  meta: Pick<KindMeta, "cliNoun" | "plural">,
  namespace: string,
  name: string,
  options: CliOptions = {},
): string {
  const words = ["flux", action, ...meta.cliNoun.split(" "), name, "-n", namespace];
  if (action === "reconcile") {
    if (options.withSource) words.push("--with-source");
    if (meta.plural === "helmreleases") {
      if (options.force) words.push("--force");
      if (options.reset) words.push("--reset");
    }
  }
  return words.map(shellWord).join(" ");
}
