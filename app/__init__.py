"""The "fit your own data" page and its helpers: a person types training data and gets a
video of the network fitting it, with the trace to download.

Data flows one way: typed values -> :mod:`app.form` (checked) -> worker process
(:mod:`app.jobs`: nnmath fits, :mod:`app.render` draws :mod:`app.fit_scene`) -> files
served from a cache keyed on the inputs. :mod:`app.page` is the Gradio page and
:mod:`app.server` its command (``nnmath-app``); :mod:`app.commands` is what
``nnmath fit --render`` runs (registered for it as an entry point).
"""

__all__: list[str] = []
