"""The "fit your own data" page and its helpers: a person types training data and gets a
video of the network fitting it, with the trace to download.

Data flows one way: typed values -> :mod:`app.form` (checked) -> a Dask task
(:mod:`app.jobs` submits it to the cluster of :mod:`app.cluster`; :mod:`app.task` runs
:mod:`app.worker` in a process: nnmath fits, :mod:`app.render` draws
:mod:`app.fit_scene`) -> the files' bytes back to the page -> a cache keyed on the inputs
(:mod:`app.cache`). :mod:`app.page` is the Gradio page and
:mod:`app.server` its command (``nnmath-app``); :mod:`app.commands` is what
``nnmath fit --render`` runs (registered for it as an entry point).
"""

__all__: list[str] = []
