import { PlaceholderView } from "@/components/PlaceholderView";

export function GraphPage() {
  return (
    <PlaceholderView
      title="Graph"
      icon="graph"
      description="Every Flux object and how they depend on each other."
    />
  );
}
