# Fits R models on the seeded voter-like rows and exports them with R's pmml package; called by
# make_r_pmml_reference.py, which writes the rows and reads what this script writes.
#
# Usage:
#   Rscript make_r_pmml_reference.R fit DIR      # DIR/train-<column>.f64 -> <model>.pmml, <model>.rds,
#                                                # <model>-splits.txt, versions.txt
#   Rscript make_r_pmml_reference.R predict DIR  # DIR/<model>-rows-<column>.f64 -> <model>.predictions.f64
# Columns are little-endian float64 (county and party as level codes, -1 when missing; train-voted the 0/1
# outcome): binary, so R reads exactly the doubles Python generated (no decimal parsing). <model>-splits.txt
# lists the model's own numeric split points (column and %.17g value), from which the Python script picks the
# threshold rows; predictions are R's probability of voted = "1", NaN where R gives NA.
#
# Models: (glm) glm(voted ~ ..., family = binomial) on the complete rows; (rpart) rpart(method = "class",
# cp = 0.002, maxdepth = 4) on every row, default surrogates (usesurrogate = 2: surrogates, then the majority
# direction; maxsurrogate = 5); (rpartdeep) the same without maxdepth (63 nodes, 31 splits); (rf) randomForest(ntree = 20, maxnodes = 40) on the complete rows, seed 17.
# Predictions: predict(type = "response", na.action = na.pass) for glm (NA for a row missing an input),
# type = "prob" for rpart and rpartdeep (surrogates)
# and rf (only complete rows: randomForest refuses NA inputs; NA for the others).
suppressPackageStartupMessages({
  library(pmml)
  library(rpart)
  library(randomForest)
})

args <- commandArgs(trailingOnly = TRUE)
dir <- args[[2]]
county_levels <- sprintf("C%02d", 0:11)
party_levels <- c("DEM", "REP", "IND")
numeric_columns <- c("age", "income", "contacts", "past")

read_column <- function(part, column) {
  path <- file.path(dir, sprintf("%s-%s.f64", part, column))
  values <- readBin(path, what = "double", n = file.size(path) / 8, size = 8, endian = "little")
  # A missing value must be NA: rpart's C code takes a NaN for a present value (NaN < t is false: right).
  values[is.nan(values)] <- NA
  values
}

as_factor <- function(codes, levels) {
  factor(ifelse(codes < 0, NA, levels[pmax(codes, 0) + 1]), levels = levels)
}

frame <- function(part) {
  columns <- list()
  for (column in c("age", "income", "contacts")) columns[[column]] <- read_column(part, column)
  columns$county <- as_factor(read_column(part, "county"), county_levels)
  columns$party <- as_factor(read_column(part, "party"), party_levels)
  columns$past <- read_column(part, "past")
  as.data.frame(columns)
}

write_doubles <- function(values, name) {
  values <- as.numeric(values)
  values[is.na(values)] <- NaN  # R's NA is a NaN with a payload; store the plain quiet NaN
  writeBin(values, file.path(dir, name), size = 8, endian = "little")
}

formula <- voted ~ age + income + contacts + county + party + past
models <- c("glm", "rpart", "rf", "rpartdeep")

fit <- function() {
  train <- frame("train")
  train$voted <- factor(read_column("train", "voted"), levels = c(0, 1), labels = c("0", "1"))
  complete <- na.omit(train)
  fitted <- list(
    glm = glm(formula, family = binomial, data = complete),
    rpart = rpart(formula, data = train, method = "class", control = rpart.control(cp = 0.002, maxdepth = 4)),
    rf = {
      set.seed(17)
      randomForest(formula, data = complete, ntree = 20, maxnodes = 40)
    },
    rpartdeep = rpart(formula, data = train, method = "class", control = rpart.control(cp = 0.002))
  )
  for (name in models) {
    model <- fitted[[name]]
    # copyright: otherwise the year and the user; the Python script removes the Timestamp and the user
    # Extension, the only other fields that change between runs.
    XML::saveXML(pmml(model, copyright = "Glassbox test fixture"), file = file.path(dir, sprintf("%s.pmml", name)))
    saveRDS(model, file.path(dir, sprintf("%s.rds", name)))
    splits <- switch(name,
      glm = data.frame(column = character(), value = numeric()),
      rpart = ,
      rpartdeep = {
        # Each inner node's rows of model$splits: its primary split, ncompete competitors (not in the
        # document), nsurrogate surrogates.
        nodes <- model$frame
        inner <- nodes$var != "<leaf>"
        first <- cumsum(c(1, nodes$ncompete + nodes$nsurrogate + inner))[seq_len(nrow(nodes))][inner]
        used <- unlist(lapply(which(inner), function(k) {
          i <- match(k, which(inner))
          c(first[i], first[i] + nodes$ncompete[k] + seq_len(nodes$nsurrogate[k]))
        }))
        s <- model$splits[used, , drop = FALSE]
        s <- s[rownames(s) %in% numeric_columns, , drop = FALSE]
        data.frame(column = rownames(s), value = s[, "index"])
      },
      rf = {
        variables <- names(model$forest$xlevels)
        rows <- lapply(seq_len(model$ntree), function(b) {
          tree <- randomForest::getTree(model, b, labelVar = FALSE)
          inner <- tree[tree[, "status"] == 1, , drop = FALSE]
          data.frame(column = variables[inner[, "split var"]], value = inner[, "split point"])
        })
        s <- do.call(rbind, rows)
        s[s$column %in% numeric_columns, ]
      })
    writeLines(sprintf("%s %.17g", splits$column, splits$value), file.path(dir, sprintf("%s-splits.txt", name)))
  }
  writeLines(c(
    sprintf("R=%s", paste(R.version$major, R.version$minor, sep = ".")),
    sprintf("pmml=%s", packageVersion("pmml")),
    sprintf("XML=%s", packageVersion("XML")),
    sprintf("rpart=%s", packageVersion("rpart")),
    sprintf("randomForest=%s", packageVersion("randomForest"))
  ), file.path(dir, "versions.txt"))
}

predict_all <- function() {
  for (name in models) {
    model <- readRDS(file.path(dir, sprintf("%s.rds", name)))
    rows <- frame(sprintf("%s-rows", name))
    probability <- switch(name,
      glm = predict(model, newdata = rows, type = "response", na.action = na.pass),
      rpart = ,
      rpartdeep = predict(model, newdata = rows, type = "prob")[, "1"],
      rf = {
        p <- rep(NA_real_, nrow(rows))
        known <- complete.cases(rows)
        p[known] <- predict(model, newdata = rows[known, ], type = "prob")[, "1"]
        p
      })
    write_doubles(probability, sprintf("%s.predictions.f64", name))
  }
}

switch(args[[1]], fit = fit(), predict = predict_all(), stop("usage: make_r_pmml_reference.R fit|predict DIR"))
