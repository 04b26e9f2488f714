import { PlaceholderView } from "@/components/PlaceholderView";

export function KustomizationsPage() {
  return (
    <PlaceholderView
      title="Kustomizations"
      icon="kustomizations"
      description="What is applied from which source, and whether it is healthy."
    />
  );
}
