"""kubesim: an in-memory Kubernetes API server that real clients cannot tell apart.

Public entry points: :class:`kubesim.server.KubeSim`, :class:`kubesim.server.ThreadedKubeSim`
and :class:`kubesim.store.Store`.
"""
