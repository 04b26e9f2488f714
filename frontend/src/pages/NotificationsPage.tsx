import { PlaceholderView } from "@/components/PlaceholderView";

export function NotificationsPage() {
  return (
    <PlaceholderView
      title="Notifications"
      icon="notifications"
      description="Alerts, providers and receivers."
    />
  );
}
