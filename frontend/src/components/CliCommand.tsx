import styles from "./CliCommand.module.css";
import { CopyButton } from "./CopyButton";
import { Icon } from "./Icon";

/** The equivalent `flux` command, copyable. */
export function CliCommand({
  command,
  label = "Copy flux command",
}: {
  command: string;
  label?: string;
}) {
  return (
    <div className={styles.cli}>
      <Icon name="terminal" size={14} />
      <code className={styles.command}>{command}</code>
      <CopyButton text={command} label={label} />
    </div>
  );
}
