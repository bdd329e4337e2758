"""``flask assets render``: draw every share image ahead of the first visitor."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from outreach.extensions import db

assets_cli = AppGroup("assets", help="Pre-render the share images.")


@assets_cli.command("render")
@click.option("--force", is_flag=True, help="Draw every image again, even those already stored.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes drawing the images (default: the number of CPUs, at most 8).",
)
def assets_render_command(force: bool, jobs: int | None) -> None:
    """Draw every share image of the current content (the campaign, every state, DC,
    Puerto Rico and city, every pending bill; all four sizes) into SHARE_CACHE_DIR."""
    import os
    import time

    from outreach.share import cards

    images = current_app.extensions["share_images"]
    started = time.perf_counter()
    jobs = jobs or min(8, os.cpu_count() or 1)
    counts = images.render_all(db.session, force=force, jobs=jobs)
    db.session.rollback()
    drawn = counts["campaign"] + counts["place"] + counts["bill"]
    seconds = time.perf_counter() - started
    sizes = len(cards.SIZES)
    stats = images.store.stats()
    click.echo(
        f"Drew {drawn} image(s) in {seconds:.1f} s "
        f"({counts['campaign']} campaign, {counts['place']} jurisdiction, {counts['bill']} bill; "
        f"{sizes} sizes each; {jobs} process(es)); {counts['stored']} already stored."
    )
    click.echo(
        f"{stats.files} image(s), {stats.bytes / 1_000_000:.1f} MB in {images.store.root} "
        f"({stats.folders} content version(s) kept)."
    )
