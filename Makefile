# Regenerate the bundled example models (models/) and the notebooks exported from their reports
# (notebooks-export/). Both use only the glassbox CLI (release build), with SOURCE_DATE_EPOCH and
# seeds fixed. `make notebooks` reuses the committed models; `make models` retrains them (the last
# bits of standard errors depend on the BLAS library, so commit models made with OpenBLAS).
.PHONY: models notebooks docs all

all: models notebooks

models:
	bash scripts/make-bundled-models.sh

notebooks:
	bash scripts/make-notebooks.sh

docs:
	bash scripts/make-docs.sh
