import { useParams } from "react-router";
import { ListPage } from "@/components/ListPage";
import { SOURCE_KINDS, tabKind } from "./listPages";
import { NotFoundPage } from "./NotFoundPage";

export function SourcesPage() {
  const active = tabKind(SOURCE_KINDS, useParams().tab);
  if (!active) return <NotFoundPage />;
  return (
    <ListPage
      title="Sources"
      description="Git, Helm, OCI and Bucket sources, and the artifacts they publish."
      kinds={SOURCE_KINDS}
      active={active}
    />
  );
}
