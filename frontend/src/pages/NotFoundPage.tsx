import { Link, useLocation } from "react-router";
import styles from "./page.module.css";

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <div className={styles.centered}>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <Link to="/">Go to the dashboard</Link>
    </div>
  );
}
