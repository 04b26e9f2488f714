import type { Health } from "@/api/types";
import { healthDescription, healthLabel, healthTone } from "@/lib/health";
import { StatusBadge } from "./StatusBadge";

type HealthBadgeProps = {
  health: Health;
  reason?: string | null;
  size?: "sm" | "lg";
};

/** A Flux object's health: colour plus text, refined by the deciding reason. */
export function HealthBadge({ health, reason, size = "sm" }: HealthBadgeProps) {
  const label = healthLabel(health, reason);
  const detail = reason ? `${healthDescription(health)} (${reason})` : healthDescription(health);
  return (
    <StatusBadge tone={healthTone(health)} title={detail} size={size}>
      {label}
    </StatusBadge>
  );
}
