# Every target is one call of `python -m kata`: students without make run the same verbs.
# The first call creates .venv and installs the dependencies; later calls reuse it.
PYTHON ?= python3
KATA := $(PYTHON) -m kata

.DEFAULT_GOAL := help
.PHONY: help list setup test progress units integration check-all verify solutions-branch

help:             ; @$(KATA) help
list:             ; @$(KATA) list
setup:            ; @$(KATA) setup
test:             ; @$(KATA) test
progress:         ; @$(KATA) progress
units:            ; @$(KATA) units
integration:      ; @$(KATA) integration
check-all:        ; @$(KATA) check --all
verify:           ; @$(KATA) verify
solutions-branch: ; @$(KATA) solutions-branch
lesson-%:         ; @$(KATA) lesson $*
check-%:          ; @$(KATA) check $*
hint-%:           ; @$(KATA) hint $*
watch-%:          ; @$(KATA) watch $*
compare-%:        ; @$(KATA) compare $*
reset-%:          ; @$(KATA) reset $*
demo-%:           ; @$(KATA) demo $*
verify-%:         ; @$(KATA) verify $*
