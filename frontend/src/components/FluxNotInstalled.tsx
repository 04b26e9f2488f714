import { CliCommand } from "./CliCommand";
import styles from "./FluxNotInstalled.module.css";
import { Icon } from "./Icon";

/** Guidance when the cluster answers but serves no Flux kinds. */
export function FluxNotInstalled({ hint }: { hint?: string | null }) {
  return (
    <section className={styles.box} aria-labelledby="flux-not-installed">
      <div className={styles.head}>
        <span className={styles.icon}>
          <Icon name="info" size={20} />
        </span>
        <div>
          <h2 id="flux-not-installed" className={styles.title}>
            Flux is not installed in this cluster
          </h2>
          <p className={styles.text}>
            {hint ??
              "The cluster serves no Flux CustomResourceDefinitions, so there is nothing to show yet."}
          </p>
        </div>
      </div>
      <ol className={styles.steps}>
        <li>
          <strong>Quick start</strong>: install the controllers with the flux CLI.
          <CliCommand command="flux install" />
        </li>
        <li>
          <strong>GitOps from the start</strong>: bootstrap Flux so it manages itself from a Git
          repository.
          <CliCommand command="flux bootstrap github --owner=<org> --repository=fleet --path=clusters/my-cluster" />
        </li>
        <li>
          <strong>Flux Operator</strong>: install the operator, then apply a{" "}
          <code>FluxInstance</code> resource.
        </li>
      </ol>
      <p className={styles.note}>
        fluxdash watches for the CRDs: the dashboard lights up by itself as soon as Flux is
        installed. No reload needed.
      </p>
    </section>
  );
}
