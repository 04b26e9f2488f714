/**
 * The route table: code-based, one page component per route. The dashboard (the first thing
 * most people open) loads with the shell; every other page is its own chunk, fetched on first
 * visit and prefetched once the browser is idle (`prefetchPages`), so navigation stays instant.
 */
import { createBrowserRouter, type RouteObject } from "react-router";
import { AppShell } from "@/components/AppShell";
import { DashboardPage } from "@/pages/DashboardPage";
import { GraphPage } from "@/pages/GraphPage";
import { NotFoundPage } from "@/pages/NotFoundPage";
import { PageLoading } from "@/pages/PageLoading";
import { RouteErrorPage } from "@/pages/RouteErrorPage";

const pages = {
  sources: () => import("@/pages/SourcesPage").then((m) => ({ Component: m.SourcesPage })),
  kustomizations: () =>
    import("@/pages/KustomizationsPage").then((m) => ({ Component: m.KustomizationsPage })),
  helmreleases: () =>
    import("@/pages/HelmReleasesPage").then((m) => ({ Component: m.HelmReleasesPage })),
  notifications: () =>
    import("@/pages/NotificationsPage").then((m) => ({ Component: m.NotificationsPage })),
  images: () => import("@/pages/ImagesPage").then((m) => ({ Component: m.ImagesPage })),
  resource: () => import("@/pages/ResourcePage").then((m) => ({ Component: m.ResourcePage })),
};

export const routes: RouteObject[] = [
  {
    path: "/",
    element: <AppShell />,
    children: [
      {
        // Pathless: a page that throws is reported inside the shell, which stays usable.
        errorElement: <RouteErrorPage />,
        // A page opened by its URL shows the shell and a placeholder while its code loads.
        hydrateFallbackElement: <PageLoading />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: "sources/:tab?", lazy: pages.sources },
          { path: "kustomizations", lazy: pages.kustomizations },
          { path: "helmreleases", lazy: pages.helmreleases },
          { path: "notifications/:tab?", lazy: pages.notifications },
          { path: "images/:tab?", lazy: pages.images },
          { path: "resources/:kind/:namespace/:name", lazy: pages.resource },
          // The page itself loads the heavy canvas lazily, after starting its request.
          { path: "graph", element: <GraphPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

/** Load the list and detail pages in the background once the first page has rendered. */
export function prefetchPages(): void {
  const load = () => {
    for (const page of [pages.kustomizations, pages.resource, pages.helmreleases, pages.sources]) {
      void page().catch(() => {
        // Offline or redeployed: the route loads (or reports) the chunk when visited.
      });
    }
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1500);
}

export function createAppRouter() {
  return createBrowserRouter(routes);
}
