/** Render helpers: the real route table in a memory router, with a fresh QueryClient. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { routes } from "@/router";

export function renderApp(initialPath = "/") {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchInterval: false } },
  });
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

type Route = { status?: number; body: unknown };

/**
 * A `fetch` stand-in answering by pathname; unknown paths get the backend's 404 body.
 * Returns the mock and the list of requests it saw.
 */
export function fakeBackend(routesByPath: Record<string, Route>) {
  const requests: Request[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    const route = routesByPath[new URL(request.url).pathname];
    const { status, body } = route ?? {
      status: 404,
      body: { type: "NotFound", detail: "no such API route" },
    };
    return new Response(JSON.stringify(body), {
      status: status ?? 200,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetchMock, requests };
}
