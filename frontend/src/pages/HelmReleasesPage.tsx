import { PlaceholderView } from "@/components/PlaceholderView";

export function HelmReleasesPage() {
  return (
    <PlaceholderView
      title="HelmReleases"
      icon="helmreleases"
      description="Helm releases, their charts and their upgrade history."
    />
  );
}
