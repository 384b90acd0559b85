# Every target is one call of `python -m kata`: students without make run the same verbs.
# The first call creates .venv and installs the dependencies; later calls reuse it.
PYTHON ?= python3
KATA := $(PYTHON) -m kata

.DEFAULT_GOAL := help
.PHONY: help list setup test check-all verify

help:      ; @$(KATA) help
list:      ; @$(KATA) list
setup:     ; @$(KATA) setup
test:      ; @$(KATA) test
check-all: ; @$(KATA) check --all
verify:    ; @$(KATA) verify
lesson-%:  ; @$(KATA) lesson $*
check-%:   ; @$(KATA) check $*
verify-%:  ; @$(KATA) verify $*
