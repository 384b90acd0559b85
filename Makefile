# Every target is one call of `python -m kata`: students without make run the same verbs.
# The first call creates .venv and installs the dependencies; later calls reuse it.
# `make reset-03 YES=1` (and compare-03) skips the question; `make watch NEXT=1` goes on
# to the next lesson without asking; `make demo-09 FULL=1` shows every line, and
# `make lesson-06 VERBOSE=1` (and check-06, watch) pytest's whole report for a broken
# test. Through make, a command that fails makes make exit 2 ("Error 1" names the
# kata's own code); `python -m kata ...` exits with the kata's code.
PYTHON ?= python3
KATA := $(PYTHON) -m kata
YES_FLAG := $(if $(YES),--yes)
NEXT_FLAG := $(if $(NEXT),--next)
FULL_FLAG := $(if $(FULL),--full)
VERBOSE_FLAG := $(if $(VERBOSE),--verbose)

.DEFAULT_GOAL := help
.PHONY: help list setup test test-all progress units integration check-all verify solutions-branch watch

help:             ; @$(KATA) help
list:             ; @$(KATA) list
setup:            ; @$(KATA) setup
test:             ; @$(KATA) test
test-all:         ; @$(KATA) test --all
progress:         ; @$(KATA) progress
units:            ; @$(KATA) units
integration:      ; @$(KATA) integration
check-all:        ; @$(KATA) check --all
verify:           ; @$(KATA) verify
solutions-branch: ; @$(KATA) solutions-branch
watch:            ; @$(KATA) watch $(NEXT_FLAG) $(VERBOSE_FLAG)
lesson-%:         ; @$(KATA) lesson $* $(VERBOSE_FLAG)
check-%:          ; @$(KATA) check $* $(VERBOSE_FLAG)
hint-%:           ; @$(KATA) hint $*
watch-%:          ; @$(KATA) watch $* $(NEXT_FLAG) $(VERBOSE_FLAG)
compare-%:        ; @$(KATA) compare $* $(YES_FLAG)
reset-%:          ; @$(KATA) reset $* $(YES_FLAG)
demo-%:           ; @$(KATA) demo $* $(FULL_FLAG)
verify-%:         ; @$(KATA) verify $*
