import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import styles from "./page.module.css";

function describe(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  if (error instanceof Error) return error.message;
  return "Unknown error";
}

/** Shown inside the shell when a page fails to load or render. */
export function RouteErrorPage() {
  const error = useRouteError();
  return (
    <div className={styles.centered} role="alert">
      <h1>This page failed</h1>
      <p>
        <code>{describe(error)}</code>
      </p>
      <p>
        <Link to="/">Go to the dashboard</Link> or{" "}
        <button type="button" onClick={() => window.location.reload()}>
          reload
        </button>
        .
      </p>
    </div>
  );
}
