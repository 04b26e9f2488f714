// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { BlockedBy as Answer } from "@/api/types";
import { fakeBackend } from "@/test/render";
import { BlockedBy, graphFocusPath } from "./BlockedBy";

const PATH = "/api/v1/graph/blocked/kustomizations/flux-system/apps";

function step(kind: string, name: string, health: Answer["health"], message = "") {
  return {
    id: `${kind}/flux-system/${name}`,
    kind,
    namespace: "flux-system",
    name,
    health,
    healthReason: null,
    message,
    missing: false,
  };
}

const blocked: Answer = {
  id: "Kustomization/flux-system/apps",
  health: "Failed",
  blockedBy: ["Kustomization/flux-system/infra"],
  rootCauses: ["GitRepository/flux-system/flux-system"],
  rootCause: false,
  chain: [
    step("Kustomization", "apps", "Failed"),
    step("Kustomization", "infra", "Failed"),
    step("GitRepository", "flux-system", "Failed", "authentication required"),
  ],
  explanation: "Kustomization flux-system/apps waits on Kustomization flux-system/infra; …",
  cycle: null,
};

function show(answer: Answer, path = "/resources/kustomizations/flux-system/apps") {
  vi.stubGlobal("fetch", vi.fn(fakeBackend({ [PATH]: { body: answer } }).fetchMock));
  const router = createMemoryRouter(
    [
      {
        path: "*",
        element: <BlockedBy kind="kustomizations" namespace="flux-system" name="apps" />,
      },
    ],
    { initialEntries: [path] },
  );
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchInterval: false } },
  });
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe("BlockedBy", () => {
  it("reads down the chain to the root cause, with links", async () => {
    show(blocked, "/resources/kustomizations/flux-system/apps?namespace=flux-system");
    expect(await screen.findByRole("heading", { name: "Why it is not Ready" })).toBeVisible();
    expect(screen.getByText(/waits on Kustomization flux-system\/infra/)).toBeVisible();
    expect(
      screen.getByRole("link", { name: "GitRepository flux-system/flux-system" }),
    ).toHaveAttribute(
      "href",
      "/resources/gitrepositories/flux-system/flux-system?namespace=flux-system",
    );
    expect(screen.getByText("authentication required")).toBeVisible();
    expect(screen.getByRole("link", { name: "Show in the graph" })).toHaveAttribute(
      "href",
      "/graph?namespace=flux-system&focus=Kustomization%2Fflux-system%2Fapps",
    );
  });

  it("renders nothing for an object with nothing failing upstream", async () => {
    const ready: Answer = {
      ...blocked,
      health: "Ready",
      blockedBy: [],
      rootCauses: [],
      chain: [step("Kustomization", "apps", "Ready")],
      explanation: null,
    };
    const { container } = show(ready);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container).toBeEmptyDOMElement();
  });

  it("links to the graph around an object", () => {
    expect(graphFocusPath("Kustomization/a/b")).toBe("/graph?focus=Kustomization%2Fa%2Fb");
  });
});
