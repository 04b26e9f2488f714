import { PlaceholderView } from "@/components/PlaceholderView";

export function SourcesPage() {
  return (
    <PlaceholderView
      title="Sources"
      icon="sources"
      description="Git, OCI, Helm and Bucket sources, and the artifacts they publish."
    />
  );
}
