import { useMemo, useState } from "react";
import { toYaml } from "@/lib/yaml";
import { CopyButton } from "./CopyButton";
import controls from "./controls.module.css";
import styles from "./ManifestView.module.css";

/** The object as stored, as YAML (masked by the server: no secrets, no managedFields). */
export function ManifestView({ manifest }: { manifest: unknown }) {
  const yaml = useMemo(() => toYaml(manifest), [manifest]);
  const [wrap, setWrap] = useState(false);
  const lines = yaml.split("\n").length - 1;
  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <span className={styles.note}>
          {lines} lines · masked: credentials, secret values and managedFields never leave the
          server
        </span>
        <label className={styles.note}>
          <input
            type="checkbox"
            className={controls.checkbox}
            checked={wrap}
            onChange={(event) => setWrap(event.target.checked)}
          />{" "}
          Wrap lines
        </label>
        <CopyButton text={yaml} label="Copy YAML" showText />
      </div>
      <section aria-label="Manifest (YAML)">
        <pre className={styles.code} data-wrap={wrap}>
          <code>{yaml}</code>
        </pre>
      </section>
    </div>
  );
}
