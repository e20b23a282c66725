-- PostgreSQL form of migrations/sqlite/V013 (the same table). The statistics bureau's regional figures entered by an administrator (issue 16;
-- statistics/, docs/regional-statistics.md): per series (subsistence_minimum, median_income,
-- poverty_line), region (the first two KATO digits) and period ("YYYY-Qn", or "YYYY-MM" for
-- a monthly subsistence minimum), the value in tiyn per person per month, its source and the
-- day it was published. An entered figure replaces a shipped one of the same key
-- (rules/parameters/regional.yaml) when the rules look it up; a correction replaces the row,
-- and its audit record keeps the value before. demo = 1 marks a stand-in where no figure is
-- published (the demo district only; its source says so). entered_at is a UTC instant.

CREATE TABLE regional_figures (
  series          TEXT NOT NULL,              -- subsistence_minimum | median_income | poverty_line
  region          INTEGER NOT NULL,           -- 10 … 79
  period          TEXT NOT NULL,              -- YYYY-Qn | YYYY-MM
  quarter         TEXT NOT NULL,              -- YYYY-Qn: the period's quarter
  value_tiyn      BIGINT NOT NULL,
  source          TEXT NOT NULL,
  published_on    TEXT NOT NULL,              -- YYYY-MM-DD
  demo            INTEGER NOT NULL DEFAULT 0,
  entered_by      TEXT NOT NULL,
  entered_at      TEXT NOT NULL,
  PRIMARY KEY (series, region, period),
  CHECK (value_tiyn > 0),
  CHECK (demo >= 0 AND demo <= 1)
);
CREATE INDEX regional_figures_region ON regional_figures (region, quarter);
