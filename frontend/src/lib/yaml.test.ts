import { describe, expect, it } from "vitest";
import { toYaml } from "./yaml";

describe("toYaml", () => {
  it("writes a manifest in block style, keys in order", () => {
    const manifest = {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: {
        name: "apps",
        namespace: "flux-system",
        labels: { "app.kubernetes.io/part-of": "demo" },
      },
      spec: {
        interval: "10m",
        prune: true,
        path: "./apps",
        dependsOn: [{ name: "infra" }, { name: "crds", namespace: "flux-system" }],
        components: [],
        postBuild: { substitute: {} },
        timeout: null,
      },
    };
    expect(toYaml(manifest)).toBe(
      [
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata:",
        "  name: apps",
        "  namespace: flux-system",
        "  labels:",
        "    app.kubernetes.io/part-of: demo",
        "spec:",
        "  interval: 10m",
        "  prune: true",
        "  path: ./apps",
        "  dependsOn:",
        "  - name: infra",
        "  - name: crds",
        "    namespace: flux-system",
        "  components: []",
        "  postBuild:",
        "    substitute: {}",
        "  timeout: null",
        "",
      ].join("\n"),
    );
  });

  it("quotes strings YAML would read as something else", () => {
    const text = toYaml({
      a: "true",
      b: "10",
      c: "",
      d: "- dash",
      e: "key: value",
      f: "*",
      g: "1.2.3",
      h: "no",
      i: "plain text",
      "needs: quote": 1,
      j: "~",
      k: "0x1F",
    });
    expect(text).toContain('a: "true"');
    expect(text).toContain('b: "10"');
    expect(text).toContain('c: ""');
    expect(text).toContain('d: "- dash"');
    expect(text).toContain('e: "key: value"');
    expect(text).toContain('f: "*"');
    expect(text).toContain("g: 1.2.3");
    expect(text).toContain('h: "no"');
    expect(text).toContain("i: plain text");
    expect(text).toContain('"needs: quote": 1');
    expect(text).toContain('j: "~"');
    expect(text).toContain('k: "0x1F"');
  });

  it("writes multi-line strings as literal blocks", () => {
    expect(toYaml({ values: "a: 1\nb: 2\n" })).toBe("values: |\n  a: 1\n  b: 2\n");
    expect(toYaml({ msg: "one\ntwo" })).toBe("msg: |-\n  one\n  two\n");
    expect(toYaml({ list: ["x\ny"] })).toBe("list:\n- |-\n  x\n  y\n");
  });

  it("nests lists of lists and scalars at the top", () => {
    expect(toYaml({ m: [[1, 2], [3]] })).toBe("m:\n- - 1\n  - 2\n- - 3\n");
    expect(toYaml("x")).toBe("x\n");
    expect(toYaml({})).toBe("{}\n");
    expect(toYaml(null)).toBe("null\n");
  });
});
