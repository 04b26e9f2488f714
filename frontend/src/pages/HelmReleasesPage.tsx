import { ListPage } from "@/components/ListPage";
import { kindByPlural } from "@/lib/kinds";

const HELM_RELEASES = kindByPlural("helmreleases");

export function HelmReleasesPage() {
  if (!HELM_RELEASES) throw new Error("kind registry lacks helmreleases");
  return (
    <ListPage
      title="HelmReleases"
      description="Helm releases, their charts and sources, and whether the last upgrade held."
      kinds={[HELM_RELEASES]}
      active={HELM_RELEASES}
    />
  );
}
