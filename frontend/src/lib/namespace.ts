/** Kubernetes namespace names are RFC 1123 labels: lowercase alphanumerics and '-', at most 63. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const NAMESPACE_MAX_LENGTH = 63;

export function isNamespaceName(value: string): boolean {
  return value.length <= NAMESPACE_MAX_LENGTH && LABEL.test(value);
}
