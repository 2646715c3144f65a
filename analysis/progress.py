"""Progress bars where they help: a widget in JupyterLab, the terminal in a headless run, never the report.

In JupyterLab ``tqdm.auto`` draws an ipywidgets bar. In a headless run (``python -m analysis run``) a bar
written by the kernel would end up in the executed notebook and its HTML export, line after line, so
``run`` sets ``ANALYSIS_PROGRESS_LOG`` to a file it follows and copies to the terminal that started it;
the package's bars then write there instead of into the notebook.
"""

from __future__ import annotations

import os

PROGRESS_LOG = "ANALYSIS_PROGRESS_LOG"


def progress(iterable=None, **kwargs):
    """A tqdm bar over ``iterable``: to ``$ANALYSIS_PROGRESS_LOG`` when it is set, else ``tqdm.auto``.

    Takes tqdm's own keyword arguments (``total``, ``desc``, ``unit``, ``disable`` ...).

    Examples
    --------
    >>> sum(progress(range(3), disable=True))
    3
    """
    log = os.environ.get(PROGRESS_LOG)
    if log:
        from tqdm import tqdm

        stream = open(log, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed with the bar
        bar = tqdm(iterable, file=stream, ascii=True, mininterval=2.0, dynamic_ncols=False, ncols=100, **kwargs)
        close = bar.close

        def close_stream() -> None:
            close()
            stream.close()

        bar.close = close_stream
        return bar
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)
