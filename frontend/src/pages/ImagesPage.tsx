import { PlaceholderView } from "@/components/PlaceholderView";

export function ImagesPage() {
  return (
    <PlaceholderView
      title="Images"
      icon="images"
      description="Image repositories, policies and update automations."
    />
  );
}
