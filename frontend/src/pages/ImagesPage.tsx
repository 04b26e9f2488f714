import { useParams } from "react-router";
import { ListPage } from "@/components/ListPage";
import { IMAGE_KINDS, tabKind } from "./listPages";
import { NotFoundPage } from "./NotFoundPage";

export function ImagesPage() {
  const active = tabKind(IMAGE_KINDS, useParams().tab);
  if (!active) return <NotFoundPage />;
  return (
    <ListPage
      title="Images"
      description="Image repositories, the policies that pick tags, and the automations that commit them."
      kinds={IMAGE_KINDS}
      active={active}
    />
  );
}
