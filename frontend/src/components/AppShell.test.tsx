// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { THEME_STORAGE_KEY } from "@/lib/theme";
import { fakeBackend, renderApp } from "@/test/render";

const healthy = {
  "/api/v1/healthz": { body: { status: "ok" } },
  "/api/v1/cluster": {
    body: { mode: "none", connected: false, server: null, message: "no cluster configured" },
  },
};

function withBackend(routes: Parameters<typeof fakeBackend>[0] = healthy) {
  const backend = fakeBackend(routes);
  vi.stubGlobal("fetch", vi.fn(backend.fetchMock));
  return backend;
}

describe("AppShell", () => {
  it("shows the navigation, the dashboard and the cluster status from the API", async () => {
    const backend = withBackend();
    renderApp("/");

    const nav = screen.getByRole("navigation", { name: "Main" });
    for (const label of [
      "Dashboard",
      "Sources",
      "Kustomizations",
      "HelmReleases",
      "Notifications",
      "Images",
      "Graph",
    ]) {
      expect(within(nav).getByRole("link", { name: new RegExp(`^${label}`) })).toBeVisible();
    }
    expect(within(nav).getByRole("link", { name: /^Dashboard/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(screen.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    const panel = screen.getByRole("region", { name: "Cluster" });
    expect(await within(panel).findByText("no cluster configured")).toBeVisible();
    expect(within(panel).getByText("Healthy")).toBeVisible();
    expect(within(panel).getByText("Not connected")).toBeVisible();
    expect(within(panel).getByText("none")).toBeVisible();
    expect(screen.getByRole("status")).toHaveTextContent("No cluster");

    const paths = backend.requests.map((r) => new URL(r.url).pathname);
    expect(paths).toContain("/api/v1/healthz");
    expect(paths).toContain("/api/v1/cluster");
  });

  it("says so when the server cannot be reached", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    renderApp("/");
    const panel = screen.getByRole("region", { name: "Cluster" });
    expect(await within(panel).findByText("Unreachable")).toBeVisible();
    expect(within(panel).getByRole("alert")).toHaveTextContent("Cannot reach the fluxdash server");
    expect(screen.getByRole("status")).toHaveTextContent("Offline");
  });

  it("navigates with g-sequences and focuses search on /", async () => {
    withBackend();
    const user = userEvent.setup();
    const { router } = renderApp("/");

    await user.keyboard("gk");
    expect(await screen.findByRole("heading", { level: 1, name: "Kustomizations" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/kustomizations");

    // Pages other than the dashboard load lazily: the location changes once they have.
    await user.keyboard("gh");
    await waitFor(() => expect(router.state.location.pathname).toBe("/helmreleases"));
    await user.keyboard("gs");
    await waitFor(() => expect(router.state.location.pathname).toBe("/sources"));
    await user.keyboard("gd");
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));

    await user.keyboard("/");
    const search = screen.getByRole("searchbox", { name: "Search" });
    expect(search).toHaveFocus();
    // Typing in the box is not taken for shortcuts.
    await user.keyboard("gk");
    expect(search).toHaveValue("gk");
    expect(router.state.location.pathname).toBe("/");
    expect(router.state.location.search).toBe("?q=gk");
  });

  it("keeps the namespace in the URL and across pages", async () => {
    const backend = withBackend({
      ...healthy,
      "/api/v1/cluster": {
        body: {
          mode: "kubeconfig",
          connected: true,
          server: "https://127.0.0.1:6443",
          message: "connected",
          synced: true,
          degraded: false,
          readyDetail: "cache synced",
          objects: 0,
          discovery: "crds",
        },
      },
      "/api/v1/resources": { body: { items: [], total: 0 } },
      "/api/v1/summary": {
        body: { kinds: [], failing: [], failingTotal: 0, events: [], total: 0, synced: true },
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp("/sources");

    const namespace = await screen.findByRole("combobox", { name: "Namespace" });
    await user.type(namespace, "flux-system{Enter}");
    expect(router.state.location.search).toBe("?namespace=flux-system");
    // The page lists the selected namespace only.
    await waitFor(() =>
      expect(
        backend.requests.some(
          (r) =>
            new URL(r.url).pathname === "/api/v1/resources" &&
            new URL(r.url).searchParams.get("namespace") === "flux-system",
        ),
      ).toBe(true),
    );

    const nav = screen.getByRole("navigation", { name: "Main" });
    await user.click(within(nav).getByRole("link", { name: /^HelmReleases/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/helmreleases"));
    expect(router.state.location.search).toBe("?namespace=flux-system");

    await user.click(screen.getByRole("button", { name: "Show all namespaces" }));
    expect(router.state.location.search).toBe("");
    expect(namespace).toHaveValue("");
  });

  it("refuses a namespace that is not a valid name", async () => {
    withBackend();
    const user = userEvent.setup();
    const { router } = renderApp("/sources");
    const namespace = await screen.findByRole("combobox", { name: "Namespace" });
    await user.type(namespace, "Not Valid{Enter}");
    expect(namespace).toHaveAttribute("aria-invalid", "true");
    expect(router.state.location.search).toBe("");
  });

  it("toggles the theme and remembers the choice", async () => {
    withBackend();
    const user = userEvent.setup();
    renderApp("/");
    const root = document.documentElement;
    expect(root.dataset.theme).toBe("light"); // jsdom's matchMedia says "not dark"

    await user.click(screen.getByRole("button", { name: "Switch to dark theme" }));
    expect(root.dataset.theme).toBe("dark");
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    expect(screen.getByRole("button", { name: "Switch to light theme" })).toBeVisible();
  });

  it("shows a not-found page inside the shell", async () => {
    withBackend();
    renderApp("/no/such/page");
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    expect(screen.getByText("/no/such/page")).toBeVisible();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeVisible();
  });
});
