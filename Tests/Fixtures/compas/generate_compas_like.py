"""Writes compas-like.csv: 600 seeded synthetic rows shaped like ProPublica's compas-scores-two-years.csv.

Same 53 column names in the same order (including the repeated decile_score and priors_count), the
same kinds of values in the columns the COMPAS tutorial (docs/tutorials/compas.md) uses, and
placeholders elsewhere. No row is a real person. Run: python3 generate_compas_like.py (standard
library only; the output is byte-identical on every run).
"""
import math
import random

HEADER = ("id,name,first,last,compas_screening_date,sex,dob,age,age_cat,race,juv_fel_count,decile_score,"
          "juv_misd_count,juv_other_count,priors_count,days_b_screening_arrest,c_jail_in,c_jail_out,c_case_number,"
          "c_offense_date,c_arrest_date,c_days_from_compas,c_charge_degree,c_charge_desc,is_recid,r_case_number,"
          "r_charge_degree,r_days_from_arrest,r_offense_date,r_charge_desc,r_jail_in,r_jail_out,violent_recid,"
          "is_violent_recid,vr_case_number,vr_charge_degree,vr_offense_date,vr_charge_desc,type_of_assessment,"
          "decile_score,score_text,screening_date,v_type_of_assessment,v_decile_score,v_score_text,v_screening_date,"
          "in_custody,out_custody,priors_count,start,end,event,two_year_recid")
RACES = [("African-American", 0.47), ("Caucasian", 0.31), ("Hispanic", 0.09), ("Other", 0.05), ("Asian", 0.04), ("Native American", 0.04)]
RACE_EFFECT = {"African-American": 0.5, "Caucasian": 0.0, "Hispanic": -0.4, "Other": -0.8, "Asian": -0.3, "Native American": 1.0}


def pick(rng, weighted):
    u, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if u < total:
            return value
    return weighted[-1][0]


def main(rows=600, seed=20160523):
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(1, rows + 1):
        sex = "Male" if rng.random() < 0.8 else "Female"
        age = rng.randint(18, 70)
        age_cat = "Less than 25" if age < 25 else ("Greater than 45" if age > 45 else "25 - 45")
        race = pick(rng, RACES)
        priors = min(int(rng.expovariate(0.3)), 38)
        degree = pick(rng, [("F", 0.63), ("M", 0.35), ("O", 0.02)])
        days = "" if rng.random() < 0.04 else str(int(rng.gauss(0, 25)))
        recid_logit = -0.9 + 0.12 * priors + (0.6 if age_cat == "Less than 25" else 0) - (0.6 if age_cat == "Greater than 45" else 0)
        two_year = 1 if rng.random() < 1 / (1 + math.exp(-recid_logit)) else 0
        is_recid = -1 if rng.random() < 0.03 else (two_year if rng.random() < 0.95 else 1 - two_year)
        score_logit = (-1.5 + 0.27 * priors + 1.3 * (age_cat == "Less than 25") - 1.35 * (age_cat == "Greater than 45")
                       + RACE_EFFECT[race] + 0.22 * (sex == "Female") - 0.3 * (degree == "M") + 0.7 * two_year)
        p_high = 1 / (1 + math.exp(-score_logit))
        decile = rng.randint(5, 10) if rng.random() < p_high else rng.randint(1, 4)
        score_text = "Low" if decile <= 4 else ("Medium" if decile <= 7 else "High")
        v_decile = max(1, min(10, decile + rng.randint(-2, 2)))
        v_text = "Low" if v_decile <= 4 else ("Medium" if v_decile <= 7 else "High")
        date = f"2013-{1 + i % 12:02d}-{1 + i % 28:02d}"
        fields = [str(i), f"person {i}", "person", str(i), date, sex, f"{2013 - age}-01-01", str(age), age_cat, race,
                  "0", str(decile), "0", "0", str(priors), days, "", "", f"13{i:06d}CF10A", "", "", "1", degree,
                  "synthetic charge", str(is_recid), "", "", "", "", "", "", "", "", "0", "", "", "", "",
                  "Risk of Recidivism", str(decile), score_text, date, "Risk of Violence", str(v_decile), v_text, date,
                  "", "", str(priors), "0", str(rng.randint(30, 1000)), str(two_year), str(two_year)]
        assert len(fields) == 53
        lines.append(",".join(fields))
    with open("compas-like.csv", "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
