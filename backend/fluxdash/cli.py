"""The ``fluxdash`` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="fluxdash: a live web dashboard for Flux CD.", no_args_is_help=True
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind.")] = 8000,
    kubeconfig: Annotated[
        Path | None, typer.Option(help="Path of a kubeconfig file.")
    ] = None,
    context: Annotated[
        str | None, typer.Option(help="kubeconfig context to use.")
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(help="Use the embedded demo cluster, whatever else is found."),
    ] = False,
    demo_scenario: Annotated[
        str, typer.Option(help="Scenario of the embedded cluster.")
    ] = "demo",
) -> None:
    """Serve the dashboard and API (the embedded demo cluster when no kubeconfig is found)."""
    import uvicorn

    from fluxdash.logging import configure_logging
    from fluxdash.main import create_app
    from fluxdash.settings import Settings

    overrides: dict[str, object] = {
        "host": host,
        "port": port,
        "demo_scenario": demo_scenario,
    }
    if kubeconfig is not None:
        overrides["kubeconfig"] = kubeconfig
        overrides["cluster_mode"] = "kubeconfig"
    if context is not None:
        overrides["context"] = context
    if demo:
        overrides["cluster_mode"] = "embedded"
    settings = Settings(**overrides)  # type: ignore[arg-type]  # validated by pydantic at runtime
    configure_logging(settings.log_level, settings.log_format)
    typer.echo(f"fluxdash serving on http://{settings.host}:{settings.port}")
    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, log_config=None
    )


@app.command()
def cluster(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind (0 = any free port).")] = 6443,
    scenario: Annotated[
        str, typer.Option(help="demo, empty, flux-2.6 or scale:N.")
    ] = "demo",
    kubeconfig_out: Annotated[
        Path | None, typer.Option(help="Write a kubeconfig for this cluster here.")
    ] = None,
    tls: Annotated[
        bool,
        typer.Option(
            help="Serve HTTPS with a self-signed certificate (kubectl sends tokens only over TLS)."
        ),
    ] = False,
) -> None:
    """Run the embedded Kubernetes API (kubesim) alone; Ctrl-C stops it."""
    import asyncio
    import signal
    import tempfile

    from kubesim.server import KubeSim

    async def run() -> int:
        sim = KubeSim(scenario, host=host, port=port, tls=tls)
        try:
            await sim.start()
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            return 2
        except OSError as exc:
            typer.echo(f"error: cannot listen on {host}:{port}: {exc}", err=True)
            return 1
        except RuntimeError as exc:
            typer.echo(f"error: {exc}", err=True)
            return 1
        path = kubeconfig_out or Path(tempfile.gettempdir()) / (
            f"kubesim-{sim.url.rsplit(':', 1)[1]}.kubeconfig"
        )
        sim.write_kubeconfig(path)
        typer.echo(f"kubesim ({scenario}) serving on {sim.url}")
        typer.echo(f"kubeconfig written to {path}")
        typer.echo(
            f"try: kubectl --kubeconfig {path} get kustomizations,helmreleases -A"
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            typer.echo("stopping kubesim")
            await sim.stop()
        return 0

    code = asyncio.run(run())
    if code:
        raise typer.Exit(code=code)


@app.command()
def openapi(
    out: Annotated[
        Path | None, typer.Option(help="Write the spec to this file.")
    ] = None,
) -> None:
    """Print or write the OpenAPI spec."""
    from fluxdash.openapi import build_spec, render_spec

    text = render_spec(build_spec())
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text)


if __name__ == "__main__":
    app()
