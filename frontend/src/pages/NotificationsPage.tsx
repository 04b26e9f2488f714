import { useParams } from "react-router";
import { ListPage } from "@/components/ListPage";
import { NOTIFICATION_KINDS, tabKind } from "./listPages";
import { NotFoundPage } from "./NotFoundPage";

export function NotificationsPage() {
  const active = tabKind(NOTIFICATION_KINDS, useParams().tab);
  if (!active) return <NotFoundPage />;
  return (
    <ListPage
      title="Notifications"
      description="Alerts, the providers they notify, and the receivers that trigger reconciliations."
      kinds={NOTIFICATION_KINDS}
      active={active}
    />
  );
}
