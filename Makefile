# Two commands set everything up on a fresh Debian 12 machine:
#   make lecture   install what is missing, then render every scene at low quality into media/
#   make test      install what is missing, then run the whole test suite
# Both are idempotent: a second run only checks, and skips what is already there.

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
QUALITY ?= l

# ManimPango builds against Pango/Cairo; MathTex needs LaTeX and dvisvgm;
# the page's end-to-end tests drive Debian's chromium through Playwright; the lecture's
# offline voices: flite (the default), festival with its HTS voice, espeak-ng.
APT_PACKAGES := pkg-config libpango1.0-dev libcairo2-dev \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm chromium \
	flite festival festvox-us-slt-hts espeak-ng

.PHONY: setup system-packages venv lecture slides app test bench bench-scenes profile clean

REVEAL := $(VENV)/share/reveal.js/dist/reveal.js

setup: system-packages $(STAMP) $(REVEAL)

# Installs the Debian packages that are missing (as root), or prints the exact command.
system-packages:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -z "$$missing" ]; then echo "system packages: all present"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "Missing Debian packages. Install them with:"; \
	  echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	  exit 1; \
	fi; \
	echo "installing Debian packages:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	  || { echo "apt-get install failed for:$$missing"; exit 1; }

$(VPY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Python 3.11 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1). Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

# Re-installs only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# reveal.js for the slides, from the npm registry (checked against its sha512), kept in the
# virtual environment so that a deck opens offline
$(REVEAL): | $(STAMP)
	$(VPY) -m scenes.lecture.reveal install

# Renders every chapter (several scenes at once, unchanged ones skipped) into media/lecture/:
# clips with their captions and voice, stills, lecture.mp4 with chapter marks and captions,
# index.html. QUALITY=l|m|h|p|k, JOBS=N, VOICE=flite|festival|espeak-ng|none|recordings:DIR,
# SCHEDULER=tcp://HOST:PORT (render on that Dask cluster instead of this machine).
lecture: setup
	$(VPY) -m scenes.lecture build --quality $(QUALITY) $(if $(JOBS),--jobs $(JOBS)) $(if $(VOICE),--voice $(VOICE)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

# The lecture as slides, one per beat (renders what is missing first) into
# media/lecture/slides/: FORMAT=html (a reveal.js deck, opens offline; every `make lecture`
# writes it too) or pptx (lecture.pptx there); ONLY="chapter chapter.Scene ...".
FORMAT ?= html
slides: setup
	$(VPY) -m scenes.lecture slides --quality $(QUALITY) --format $(FORMAT) $(if $(JOBS),--jobs $(JOBS)) $(if $(VOICE),--voice $(VOICE)) $(if $(ONLY),--only $(ONLY))

# The "fit your own data" page on http://127.0.0.1:$(PORT)/ (PORT=7860 by default).
PORT ?= 7860
app: setup
	$(VENV)/bin/nnmath-app --port $(PORT)

# ruff and mypy first (their settings and why: [tool.ruff], [tool.mypy] in pyproject.toml), then the suite
test: setup
	$(VPY) -m ruff check .
	$(VPY) -m mypy nnmath
	$(VPY) -m pytest -q

bench: setup
	$(VPY) bench/bench_nnmath.py

# every scene at low and high quality (about 4 minutes at low quality on 2 cores and 17 at
# high); BENCH_QUALITY="l" for low only
BENCH_QUALITY ?= l h
bench-scenes: setup
	$(VPY) bench/bench_scenes.py --quality $(BENCH_QUALITY)

# one scene under cProfile: where its render time goes (SCENE=chapter.Scene, QUALITY=l|m|h)
profile: setup
	@[ -n "$(SCENE)" ] || { echo "name the scene: make profile SCENE=cnn.LearningTheFilter (see: $(VENV)/bin/lecture scenes)"; exit 2; }
	$(VPY) bench/profile_scene.py $(SCENE) --quality $(QUALITY)

clean:
	rm -rf $(VENV) media/videos media/images media/texts media/Tex media/lecture bench/out .pytest_cache .hypothesis
