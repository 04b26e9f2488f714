import "@/styles/global.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { createQueryClient } from "@/api/queryClient";
import {
  applyTheme,
  browserStorage,
  readStoredTheme,
  resolveTheme,
  systemPrefersDark,
} from "@/lib/theme";
import { createAppRouter, prefetchPages } from "@/router";

// Before the first render, so a stored choice does not flash the other theme.
applyTheme(
  document.documentElement,
  resolveTheme(readStoredTheme(browserStorage()), systemPrefersDark()),
);

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={createAppRouter()} />
    </QueryClientProvider>
  </StrictMode>,
);

prefetchPages();
