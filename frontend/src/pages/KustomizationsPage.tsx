import { ListPage } from "@/components/ListPage";
import { kindByPlural } from "@/lib/kinds";

const KUSTOMIZATIONS = kindByPlural("kustomizations");

export function KustomizationsPage() {
  if (!KUSTOMIZATIONS) throw new Error("kind registry lacks kustomizations");
  return (
    <ListPage
      title="Kustomizations"
      description="What is applied from which source, and whether it is healthy."
      kinds={[KUSTOMIZATIONS]}
      active={KUSTOMIZATIONS}
    />
  );
}
