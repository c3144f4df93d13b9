"""`train uplift` on Spark, any learner: its component models fitted by IRLS (and the X-learner's effect
regressions by summed least squares) as one loop of passes.

The state (`glassbox merge uplift`) holds one logistic fit per component (two-model: one per arm and one
for control); each pass ships it to the executors, every partition computes, in one read of its rows, the
pass each model still running asks for over its rows (`glassbox partial uplift --state STATE`), and the driver merges the partials
in partition order (docs/scale.md, section 7). The loop is the logistic fit's (`logistic.fit_by_passes`).
"""

from .logistic import fit_by_passes

# `glassbox train uplift`'s training options, passed to the first state as --flag-name.
TRAINING_FLAGS = ["treatment", "treated", "control", "learner", "propensity", "l1", "l2"]


def train_uplift(spark, options):
    """`glassbox train uplift` on Spark; returns the number of partitions."""
    return fit_by_passes(spark, options, "uplift", TRAINING_FLAGS)
