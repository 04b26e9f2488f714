/**
 * The route table: code-based, one page component per route. Heavy pages (the graph, which
 * pulls in Cytoscape) load lazily so the first paint only ships the shell.
 */
import { createBrowserRouter, type RouteObject } from "react-router";
import { AppShell } from "@/components/AppShell";
import { DashboardPage } from "@/pages/DashboardPage";
import { HelmReleasesPage } from "@/pages/HelmReleasesPage";
import { ImagesPage } from "@/pages/ImagesPage";
import { KustomizationsPage } from "@/pages/KustomizationsPage";
import { NotFoundPage } from "@/pages/NotFoundPage";
import { NotificationsPage } from "@/pages/NotificationsPage";
import { ResourcePage } from "@/pages/ResourcePage";
import { RouteErrorPage } from "@/pages/RouteErrorPage";
import { SourcesPage } from "@/pages/SourcesPage";

export const routes: RouteObject[] = [
  {
    path: "/",
    element: <AppShell />,
    children: [
      {
        // Pathless: a page that throws is reported inside the shell, which stays usable.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: "sources/:tab?", element: <SourcesPage /> },
          { path: "kustomizations", element: <KustomizationsPage /> },
          { path: "helmreleases", element: <HelmReleasesPage /> },
          { path: "notifications/:tab?", element: <NotificationsPage /> },
          { path: "images/:tab?", element: <ImagesPage /> },
          { path: "resources/:kind/:namespace/:name", element: <ResourcePage /> },
          {
            path: "graph",
            lazy: async () => ({ Component: (await import("@/pages/GraphPage")).GraphPage }),
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
