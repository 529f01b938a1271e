"""Planning stages 0 and 2-6: the inputs (folder or workbook, same schemas, ids linked across
templates, one clear message per malformed input), the findings' values on the worked example,
and every number a sentence or alt text states is one of the finding's facts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from mmdp.cli import main
from mmdp.constants import FINDING_IDS, PRIORITY_WEIGHTS
from mmdp.errors import MmdpError
from mmdp.findings import baselines, costing, monitoring, priorities, readiness, results, stakeholders, workplan
from .conftest import places_param
from .test_findings import finding_functions
from mmdp.inputs.parameters import validate_parameters
from mmdp.inputs.planning import BY_NAME, DATA_CODES, TEMPLATES
from mmdp.inputs.workbook import csv_folder_as_workbook, read_plan, write_workbook
from mmdp.paths import REPO_ROOT, data_dir, examples_dir
from mmdp.render import format as fmt

PLANNING_MODULES = ("stakeholders", "readiness", "priorities", "results", "costing", "workplan", "monitoring")
FINDINGS = finding_functions(*PLANNING_MODULES)
PLANNING_NOTEBOOKS = ("stakeholders_readiness", "priorities", "results_framework", "costing", "workplan", "monitoring")


@pytest.fixture(scope="module")
def kgz():
    return validate_parameters("KGZ")


@pytest.fixture()
def bad(tmp_path):
    """A copy of the example folder to break, one file at a time."""
    folder = tmp_path / "my_plan"
    shutil.copytree(examples_dir(), folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- inputs ------------------------------------------------------------------------------------


def test_example_reads_the_same_as_folder_and_as_workbook(tmp_path):
    folder = read_plan(examples_dir())
    book = read_plan(csv_folder_as_workbook(examples_dir(), tmp_path / "plan.xlsx"))
    assert sorted(folder) == sorted(book) == sorted(t.name for t in TEMPLATES)
    for name in folder:
        pd.testing.assert_frame_equal(folder[name].reset_index(drop=True), book[name].reset_index(drop=True), check_index_type=False)


def test_a_workbook_runs_the_notebook_functions(tmp_path):
    params = validate_parameters("KGZ", inputs=csv_folder_as_workbook(examples_dir(), tmp_path / "plan.xlsx"))
    assert not params.illustrative_inputs
    assert "workbook plan.xlsx" in costing.totals(params).sentence and str(tmp_path) not in costing.totals(params).sentence


def test_blank_workbook_and_cli(tmp_path, capsys):
    path = tmp_path / "blank.xlsx"
    assert main(["inputs", "blank", str(path)]) == 0
    assert read_plan(path) == {}
    import openpyxl

    book = openpyxl.load_workbook(path)
    assert set(t.name for t in TEMPLATES) <= set(book.sheetnames)
    assert [c.value for c in book["costs"][1]] == list(BY_NAME["costs"].schema.columns)
    assert main(["inputs", "blank", str(path)]) == 2  # no overwrite without --force
    assert main(["inputs", "check", str(examples_dir())]) == 0
    assert f"ok: {len(TEMPLATES)} templates" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        ("costs", "cost_id,activity_id", "cost_id,activity", "column 'activity_id' is missing"),
        ("costs", "C05,A04,Regulatory review (consultant months),MOF,2027,consultant month,3,Three months of one legal consultant,8000",
         "C05,A04,Regulatory review (consultant months),MOF,2027,consultant month,3,Three months of one legal consultant,-8000",
         "costs.csv: line 6, column 'unit_cost': -8000 is below 0; give 0 or more"),
        ("costs", "C01,A01,Price comparison website,MOF,2027,website,1,One website built once,25000",
         "C01,A01,Price comparison website,MOF,2027,website,1,One website built once,25k", "costs.csv: line 2, column 'unit_cost': '25k' is not a number"),
        ("costs", "incremental,ILLUSTRATIVE-PC-01,0", "incremental,ILLUSTRATIVE-PC-01,3",
         "line 2, column 'gender_marker': 3 is not allowed; use one of: 0 = not targeted, 1 = significant"),
        ("priorities", "10.c.1;17.3.2,20", "10.c.9;17.3.2,20",
         "priorities.csv: line 2, column 'sdg_indicators': '10.c.9' is not an SDG target or indicator code"),
        ("priorities", "17.18,1,NSO", "17.18,24,NSO", "priorities.csv: line 5, column 'gcm_objectives': '24' is not a GCM objective"),
        ("priorities", "profile.remittances;", "profile.remitances;", "'profile.remitances' is not a finding id"),
        ("priorities", "scenario.cost_averages;", "scenario.cost_average;", "'scenario.cost_average' is not a finding id"),
        ("activities", "A01,OP1.1,Build the price comparison website,2027-01-15,2027-06-30", "A01,OP1.1,Build the price comparison website,2027-01-15,2026-06-30",
         "activities.csv: line 2, column 'end': ends 2026-06-30, before its start 2027-01-15"),
        ("activities", "2027-01-15,2027-06-30", "15/01/2027,2027-06-30", "line 2, column 'start': '15/01/2027' is not a date; write it YYYY-MM-DD"),
        ("risks", "R2,OP1.2", "R1,OP1.2", "column 'risk_id': 'R1' is repeated; each value must be unique"),
        ("costs", "C01,A01", "C01,A99", "costs.csv: line 2, column 'activity_id': 'A99' is not an activity_id"),
        ("funding", "F2,State budget,OP4.1", "F2,State budget,OC4", "funding.csv: line 3, column 'output_id': 'OC4' is not an output"),
        ("activities", "A05,OP2.1,Design the orientation curriculum with migrant women,2027-02-01,2027-05-31,no,,done,2027-02-01,2027-05-20,yes,MLSP",
         "A05,OP2.1,Design the orientation curriculum with migrant women,2027-02-01,2027-05-31,no,,done,2027-02-01,2027-05-20,yes,MLPS",
         "activities.csv: line 6, column 'responsible': 'MLPS' is not a stakeholder_id in stakeholders"),
        ("results", "OC4,outcome,G1,P4", "OC4,outcome,G1,P9", "results.csv: line 11, column 'priority_id': 'P9' is not a priority_id"),
        ("monitoring", "I03,2027 review", "I99,2027 review", "monitoring.csv: line 2, column 'indicator_id': 'I99' is not an indicator_id"),
        ("costs", "C03,A03,Quarterly price survey,MOF,2028", "C03,A03,Quarterly price survey,MOF,2031", "costs.csv: line 4, column 'year': 2031 is outside the plan period"),
        ("costs", "One website built once,25000,USD", "One website built once,25000,EUR", "costs.csv: line 2, column 'currency': 'EUR' is not the plan's currency"),
        ("activities", "A02,OP1.1,Website launched,2027-07-01,2027-07-01", "A02,OP1.1,Website launched,2027-07-01,2027-07-09",
         "activities.csv: line 3, column 'end': a milestone is a point in time"),
        ("activities", "A05,OP2.1,Design the orientation curriculum with migrant women,2027-02-01,2027-05-31,no,,",
         "A05,OP2.1,Design the orientation curriculum with migrant women,2027-02-01,2027-05-31,no,A06,", "the dependencies run in a circle (A05 -> A06 -> A05)"),
        ("risks", "operational,3,3,", "operational,3,5,", "risks.csv: line 4, column 'impact': 5 is above the plan's risk scale; give 1 to 3"),
        ("meetings", "M7,2029-10-17", "M7,2030-10-17", "meetings.csv: line 8, column 'date': 2030-10-17 is outside the plan period"),
        ("risks", "Agreement with the central bank", "=HYPERLINK(\"http://x\")", "column 'mitigation' holds a formula"),
        ("risks", "Agreement with the central bank", "@SUM(A1)", "column 'mitigation' starts with '@'"),
    ],
)
def test_malformed_input_names_file_row_column_and_fix(bad, name, old, new, message):
    edit(bad, name, old, new)
    with pytest.raises(MmdpError) as err:
        validate_parameters("KGZ", inputs=bad)
    text = str(err.value)
    assert message in text, text
    assert "\n" not in text and str(bad.parent) not in text


def test_empty_file_and_wrong_encoding(bad):
    (bad / "risks.csv").write_text("", encoding="utf-8")
    with pytest.raises(MmdpError, match="risks.csv is empty; copy the header line"):
        validate_parameters("KGZ", inputs=bad)
    (bad / "risks.csv").write_bytes((examples_dir() / "risks.csv").read_text(encoding="utf-8").replace("R1,", "R1 é,").encode("cp1252"))
    with pytest.raises(MmdpError, match="risks.csv is not UTF-8 text; in your spreadsheet save it as 'CSV UTF-8'"):
        validate_parameters("KGZ", inputs=bad)


def test_workbook_errors_name_the_sheet_and_row(tmp_path):
    plan = {name: frame for name, frame in read_plan(examples_dir()).items()}
    plan["costs"] = plan["costs"].copy()
    plan["costs"].loc[plan["costs"].index[2], "institution"] = "NOPE"
    path = write_workbook(plan, tmp_path / "plan.xlsx")
    with pytest.raises(MmdpError) as err:
        validate_parameters("KGZ", inputs=path)
    assert "plan.xlsx, sheet 'costs': row 4, column 'institution': 'NOPE' is not a stakeholder_id" in str(err.value)


def test_missing_workbook_and_misnamed_sheet(tmp_path):
    with pytest.raises(MmdpError, match="inputs workbook not found: 'nope.xlsx'"):
        validate_parameters("KGZ", inputs=tmp_path / "nope.xlsx")
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "cost"
    book.active.append(["cost_id"])
    book.save(tmp_path / "p.xlsx")
    with pytest.raises(MmdpError, match="sheet 'cost': not a template name; did you mean 'costs'"):
        read_plan(tmp_path / "p.xlsx")


def test_html_in_free_text_is_escaped(bad):
    edit(bad, "risks", "Money transfer operators do not share prices", "<script>alert(1)</script> prices")
    finding = workplan.risks(validate_parameters("KGZ", inputs=bad))
    html = finding.tables[0]._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_templates_readme_documents_every_column():
    text = (data_dir() / "templates" / "README.md").read_text(encoding="utf-8")
    for template in TEMPLATES:
        assert f"`{template.name}`" in text, template.name
        for column in template.schema.columns:
            assert column in text, (template.name, column)


def test_data_codes_match_the_baselines():
    assert DATA_CODES == tuple(i.code for i in baselines.DATA_INDICATORS)


def test_citable_ids_hold_every_id_the_stage_0_and_1_notebooks_and_the_scenario_print():
    printed = set()
    for name in ("migration_profile", "gender_analysis", "capacity_data_gaps", "stakeholders_readiness", "remittance_scenario"):
        for cell in nbformat.read(REPO_ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells:
            for output in cell.get("outputs", []):
                printed.add(output.get("metadata", {}).get("mmdp", {}).get("finding"))
                assert "Finding `" not in output.get("data", {}).get("text/plain", "")  # the id is metadata, not page text
    printed.discard(None)
    assert printed <= set(FINDING_IDS), printed - set(FINDING_IDS)
    assert {"profile.remittances", "gender.corridor_gaps", "stakeholders.map", "readiness.checklist", "scenario.cost_averages"} <= printed
    assert {i for i in FINDING_IDS if i.startswith("scenario.")} == {i for i in printed if i.startswith("scenario.")}


# --- findings on the worked example ------------------------------------------------------------


def test_stage0_values(kgz):
    coverage = readiness.actor_coverage(kgz)
    assert (coverage["present"].value, coverage["needed"].value) == (13, 16)
    assert "missing: Ministry of the interior, Ministry of health and Ministry of education" in coverage.sentence
    balance = readiness.gender_balance(kgz)
    assert balance["women_participants"].text == "51.0 %"  # 25 women, 24 men in stakeholders.csv
    assert balance["women_influential"].value == pytest.approx(100 * 13 / 30)  # influence >= 3: 13 women, 17 men
    checklist = readiness.checklist(kgz)
    assert checklist["ready"].value == 2 and "a budget for the process itself (no)" in checklist.sentence


def test_ranking_uses_the_weights(kgz):
    table = priorities.scores(pd.read_csv(examples_dir() / "priorities.csv"))
    assert table.priority_id.tolist() == ["P2", "P1", "P4", "P3", "P5"]
    assert table.score.iloc[0] == pytest.approx((4 * 25 + 5 * 15 + 5 * 20 + 3 * 15 + 3 * 10 + 4 * 10 + 2 * 5) / 100)
    data_only = priorities.ranking(kgz, {"data": 1})
    assert data_only.sentence.index("P1 (5.00)") < data_only.sentence.index("P2 (2.00)")
    assert "first, tied: P1 and P4" in data_only.sentence and "Tied scores (same rank, not broken by id): P1, P4, P2 and P3" in data_only.sentence
    ranks = data_only.tables[0].frame.set_index("Id").Rank
    assert ranks["P1"] == ranks["P4"] == "1 (tied)" and ranks["P2"] == ranks["P3"] == "3 (tied)" and ranks["P5"] == "5"
    with pytest.raises(MmdpError, match="unknown criteria"):
        priorities.ranking(kgz, {"beauty": 10})
    assert sum(PRIORITY_WEIGHTS.values()) == 100


def test_priority_matrix_uses_the_chapters_composite_axes_and_quadrants(kgz):
    table = pd.read_csv(examples_dir() / "priorities.csv").set_index("priority_id")
    w = PRIORITY_WEIGHTS
    impact = {p: sum(table.at[p, f"score_{c}"] * w[c] for c in ("impact", "rights", "gender")) / 60 for p in table.index}
    feasibility = {p: sum(table.at[p, f"score_{c}"] * w[c] for c in ("feasibility", "cost", "ownership", "data")) / 40 for p in table.index}
    quadrant = {p: {(True, True): "Priorities", (True, False): "Strategic investments", (False, True): "Quick wins",
                    (False, False): "Park"}[(impact[p] >= 3, feasibility[p] >= 3)] for p in table.index}
    matrix = priorities.matrix(kgz)
    shown = matrix.tables[0].frame.set_index("Id")
    assert shown.Quadrant.to_dict() == quadrant == {"P1": "Priorities", "P2": "Priorities", "P3": "Strategic investments",
                                                    "P4": "Priorities", "P5": "Park"}
    assert shown.Impact["P1"] == pytest.approx(impact["P1"], abs=0.005) and shown.Feasibility["P3"] == pytest.approx(feasibility["P3"], abs=0.005)
    assert shown.Decision.to_dict() == table.decision.to_dict()
    assert "Adopted: P2, P1, P4 and P3; parked: P5" in matrix.sentence


def test_rank_sensitivity_names_objectives_that_move_when_a_weight_moves_10_points():
    table = pd.read_csv(examples_dir() / "priorities.csv")
    changes = priorities.rank_changes(table).set_index("priority_id")
    # rights 15 -> 5: P1 (5,2,3,4,4,4,5) scores 360/90 = 4.00 and passes P2 (4,5,5,3,3,4,2), 350/90
    assert "rights and protection -10" in changes.moves["P1"] and "rights and protection -10" in changes.moves["P2"]
    assert changes.ranks["P1"] == [1, 2]
    assert "P5" not in changes.index  # last under every move


def test_outcomes_come_from_adopted_priorities_and_outputs_cite_none(bad):
    edit(bad, "priorities", ",no,adopted,Pillar 5", ",no,parked,Pillar 5")
    with pytest.raises(MmdpError, match=r"results.csv: line 11, column 'priority_id': 'P4' is parked in priorities"):
        read_plan(bad)
    shutil.copy(examples_dir() / "priorities.csv", bad / "priorities.csv")
    edit(bad, "results", "OP2.2,output,OC2,,", "OP2.2,output,OC2,P2,")
    with pytest.raises(MmdpError, match=r"results.csv: line 8, column 'priority_id': only outcomes cite a priority"):
        read_plan(bad)


def test_stage2_alignment_and_gender(kgz):
    assert priorities.gcm_coverage(kgz)["touched"].value == 7
    assert priorities.gcm_coverage(kgz)["missed"].value == 16
    check = priorities.gender_check(kgz)
    assert check["passing"].value == 2 and "P5 (gender gap named" in check.sentence
    assert "P1 (gender gap named, with a Stage 1 gender finding;" in check.sentence  # a gap, but no gender.* finding cited


@pytest.mark.parametrize("non_answer", ["none", "n/a", "N/A.", "nil"])
def test_a_gender_gap_of_none_does_not_pass(bad, non_answer):
    """(A cell "-" is refused when the template is read: a spreadsheet would run it as a formula.)"""
    edit(bad, "priorities", "Women's labour-force participation is far below men's", non_answer)
    check = priorities.gender_check(validate_parameters("KGZ", inputs=str(bad))).tables[0].frame.set_index("Id")
    assert check.loc["P3", priorities.GENDER_TESTS[0]] == "no"
    assert check.loc["P2", priorities.GENDER_TESTS[0]] == "yes"


def test_stage3_checks(kgz):
    framework = results.framework(kgz)
    assert (framework["outcomes"].value, framework["outputs"].value, framework["indicators"].value) == (4, 6, 12)
    gii = results.indicator_table(kgz).set_index("indicator_id").loc["I01"]
    assert gii.baseline_value == pytest.approx(0.345) and gii.baseline_year == 2022  # HDR, as in Stage 1
    assert "I04 (target, target year)" in results.indicator_checks(kgz).sentence
    assert "I06 (baseline value, baseline year, baseline source)" in results.indicator_checks(kgz).sentence
    disaggregation = results.disaggregation(kgz)
    assert "flagged: I02 and I08" in disaggregation.sentence and disaggregation["by_status"].value == 0
    assert disaggregation["status_asked"].value == 0  # the example cites targets where no indicator code fits
    assert "priorities with no outcome yet: P5" in results.traceability(kgz).sentence


def test_an_indicator_coded_with_an_sdg_indicator_that_asks_for_migrant_status_is_flagged(bad):
    edit(bad, "indicators", "labour-rights cases,8.8,", "labour-rights cases,8.8.2,")
    disaggregation = results.disaggregation(validate_parameters("KGZ", inputs=str(bad)))
    assert disaggregation["status_asked"].value == 1 and "I12" in disaggregation.sentence  # 8.8.2: by sex and migrant status


def test_the_example_names_no_country_and_codes_mean_what_they_measure():
    """The example runs for every place: no country's name in it. Its SDG indicator codes measure
    what the indicator measures (10.7.1, 8.8.2, 5.4.1 and 17.18.1 did not)."""
    from mmdp.data.countries import select

    text = " ".join((examples_dir() / t.file).read_text(encoding="utf-8") for t in TEMPLATES)
    names = [n for n in select().name if isinstance(n, str) and len(n) > 4 and n in text]
    assert names == []
    codes = pd.read_csv(examples_dir() / "indicators.csv", dtype=str).set_index("indicator_id").sdg_indicator
    assert (codes["I06"], codes["I12"], codes["I11"]) == ("10.7", "8.8", "17.18") and pd.isna(codes["I09"])
    markers = pd.read_csv(examples_dir() / "costs.csv").query("item == 'Orientation sessions'").gender_marker
    assert set(markers) == {1}  # open to women and men: gender equality significant, not principal (DAC; Stage 4 chapter)


@pytest.mark.parametrize("old, new, message", [
    ("I03,OC1,Cost of sending US$200 to the country,10.c.1,20,10.c.1,%,no,no,no,,,,",
     "I03,OC1,Cost of sending US$200 to the country,10.c.1,20,10.c.1,%,no,no,no,4.1,2026,,",
     "indicators.csv: line 4, column 'baseline_value': is filled, and baseline_from_data '10.c.1' also gives the baseline"),
    ("1200,2026,Ministry of Labour records (illustrative),20000,2029", "1200,2026,Ministry of Labour records (illustrative),20000,2025",
     "indicators.csv: line 9, column 'target_year': 2025 is before the baseline year 2026"),
    ("30,2026,Local government survey (illustrative),50,2029", "30,2026,Local government survey (illustrative),150,2029",
     "indicators.csv: line 11, column 'target_value': 150 is not a percentage"),
    ("150,2026,Ministry of Labour records (illustrative),600,2029", "150,2026,Ministry of Labour records (illustrative),-600,2029",
     "indicators.csv: line 8, column 'target_value'"),
    ("40,110,200,400,annual,MLSP,", "40,110,200,400,annual,XYZ,",
     "indicators.csv: line 8, column 'responsible': 'XYZ' is not a stakeholder_id"),
    ("1200,2026,Ministry of Labour records (illustrative),20000,2029", "1200,2026,Ministry of Labour records (illustrative),20000,2030",
     "indicators.csv: line 9, column 'target_year': 2030 is after the plan's end (2029-12-31)"),
])
def test_impossible_baselines_and_targets_are_refused(bad, old, new, message):
    edit(bad, "indicators", old, new)
    with pytest.raises(MmdpError, match=re.escape(message)):
        read_plan(bad)


@pytest.mark.parametrize("old, new, message", [
    ("I07,2027,3000", "I99,2027,3000", "annual_targets.csv: line 2, column 'indicator_id': 'I99' is not an indicator_id in indicators"),
    ("I07,2027,3000", "I07,2026,3000", "annual_targets.csv: line 2, column 'year': 2026 is not after the baseline year 2026 of I07"),
    ("I07,2028,9000", "I07,2029,9000", "annual_targets.csv: line 3, column 'year': 2029 is not before the target year 2029 of I07"),
    ("I09,2028,40,,", "I09,2028,140,,", "annual_targets.csv: line 5, column 'target_value': 140 is not a percentage (0 to 100)"),
    ("I07,2027,3000,1200,1800", "I07,2027,3000,-1200,1800", "annual_targets.csv: line 2, column 'target_women': -1200 is below 0"),
    ("I09,2028,40,,", "I09,2028,40,20,20", "annual_targets.csv: line 5, column 'target_women': I09 is not by sex (indicators, by_sex)"),
    ("I11,2028,2,,", "I11,2028,,,", "annual_targets.csv: line 7, column 'target_value': the row has no value"),
    ("I07,2028,9000,4000,5000", "I07,2028,2000,4000,5000", "annual_targets.csv: line 3, column 'target_value': 2000 in 2028 is below the 3000 of 2027; I07 is cumulative"),
    ("I07,2028,9000,4000,5000", "I07,2028,9000,4000,12000", "annual_targets.csv: line 3, column 'target_men': 12000 in 2028 is above the final target 10000 of 2029; I07 is cumulative"),
    ("I07,2028,9000", "I07,2027,9000", "annual_targets.csv: line 3 repeats line 2"),
])
def test_impossible_annual_targets_are_refused(bad, old, new, message):
    edit(bad, "annual_targets", old, new)
    with pytest.raises(MmdpError, match=re.escape(message)):
        read_plan(bad)


def test_a_level_target_may_go_down_but_a_cumulative_one_may_not(bad):
    edit(bad, "annual_targets", "I09,2028,40,,", "I09,2028,31,,")  # a share may dip between milestones
    assert len(read_plan(bad)["annual_targets"]) == 6


def test_voluntary_national_review_years_are_years(bad):
    edit(bad, "plan", "2027-11-15,2028", "2027-11-15,2028;twenty")
    with pytest.raises(MmdpError, match=re.escape("plan.csv: line 2, column 'vnr_years': 'twenty' is not a year")):
        read_plan(bad)


def test_a_negative_count_is_refused(bad):
    edit(bad, "indicators", "0,2026,Local government records (illustrative),300,2029", "-5,2026,Local government records (illustrative),300,2029")
    with pytest.raises(MmdpError, match=r"indicators.csv: line 12, column 'baseline_value'"):
        read_plan(bad)


def test_results_matrix_shows_verification_frequency_responsible_pillar_and_assumptions(kgz):
    framework = results.framework(kgz)
    matrix = framework.tables[0].frame.set_index("Id")
    indicators = pd.read_csv(examples_dir() / "indicators.csv").set_index("indicator_id")
    assert matrix.at["I07", "Means of verification"] == indicators.at["I07", "means_of_verification"] == "Attendance registers by sex"
    assert (matrix.at["I07", "Frequency"], matrix.at["I07", "Responsible"]) == ("annual", "MLSP")
    assert matrix.at["I07", "Target"].endswith(", cumulative")
    assert matrix.at["OC1", "Plan pillar"].startswith("Pillar 2") and "risk:" in matrix.at["OC2", "Assumptions and risks"]
    assert list(framework.tables[1].frame.Outcome) == ["OC1", "OC2", "OC3", "OC4"]
    assert "Results with no indicator: OP1.2 and OP4.1." in results.indicator_checks(kgz).sentence


def test_group_says_the_cost_baseline_does_not_apply():
    checks = results.indicator_checks(validate_parameters("World")).tables[0].frame.set_index("Id")
    assert "not computed for groups" in checks.loc["I03", "Note"]


def test_stage4_values(kgz):
    costs = pd.read_csv(examples_dir() / "costs.csv")
    plan = pd.read_csv(examples_dir() / "plan.csv").iloc[0]
    actions = pd.read_csv(examples_dir() / "capacity_actions.csv")
    funding = pd.read_csv(examples_dir() / "funding.csv")
    lines = (costs.unit_cost * costs.quantity).sum()
    total = lines * (1 + plan.contingency_pct / 100) + actions.cost.sum()
    totals = costing.totals(kgz)
    assert totals["lines_cost"].value == lines == 1_017_000 and totals["total"].value == pytest.approx(total)
    marker = costing.gender_marker(kgz)
    principal = (costs.unit_cost * costs.quantity)[costs.gender_marker == 2].sum()
    assert marker["marker:2"].value == pytest.approx(100 * principal / lines)
    assert "without an output indicator by sex, so the tag cannot be checked later: OP2.2, OP3.1 and OP4.1" in marker.sentence
    gap = costing.funding_gap(kgz)
    committed = funding[funding.status == "committed"].amount.sum()
    assert gap["gap"].value == pytest.approx(total - committed)
    by_output = gap.tables[0].frame
    op21 = (costs.unit_cost * costs.quantity)[costs.activity_id.isin(["A05", "A06"])].sum()
    assert by_output.loc["OP2.1", "Gap if pledges come"] == op21 - funding[funding.output_id == "OP2.1"].amount.sum() < 0  # a surplus, not clipped
    assert costing.capacity_plan(kgz)["low"].value == 7 and costing.capacity_plan(kgz)["cost"].value == actions.cost.sum()
    over = costing.ceiling_check(kgz).set_index(["Institution", "Year"])
    assert over.loc[("NSO", 2028), "Over"] == 60_000 - 50_000


def test_local_currency_totals(bad):
    edit(bad, "plan", "USD,2026,1,", "KGS,2026,80,")
    for name in ("costs", "funding", "ceilings", "capacity_actions"):
        path = bad / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(",USD,", ",KGS,"), encoding="utf-8")
    params = validate_parameters("KGZ", inputs=bad)
    totals = costing.totals(params)
    assert totals["lines_cost"].value == pytest.approx(1_017_000 / 80) and totals["total_local"].unit == "KGS"
    assert "KGS" in totals.sentence


def test_gender_marker_evidence_per_output(kgz):
    evidence = costing.marker_evidence(kgz).tables[0].frame.set_index("Output")
    costs = pd.read_csv(examples_dir() / "costs.csv").merge(pd.read_csv(examples_dir() / "activities.csv")[["activity_id", "output_id"]], on="activity_id")
    assert set(evidence.index) == set(costs[costs.gender_marker > 0].output_id)
    assert evidence.at["OP4.1", "Gender analysis (Stage 1 gender finding)"] == "no"  # P4 cites capacity.* findings only
    assert evidence.at["OP3.1", "Sex-disaggregated data"] == "no"  # I09 and I10: neither by sex
    assert evidence.at["OP2.2", "Missing"] == fmt.NOT_APPLICABLE
    assert "Marker-1 money is not money spent on gender equality" in costing.gender_marker(kgz).sentence


@pytest.mark.parametrize("value", ["3", "GEN2"])
def test_a_un_or_undp_gender_marker_is_refused_with_the_mapping(bad, value):
    edit(bad, "costs", "ILLUSTRATIVE-PC-01,0\nC02", f"ILLUSTRATIVE-PC-01,{value}\nC02")
    with pytest.raises(MmdpError, match=r"costs.csv: line 2, column .gender_marker..*GEM 3 / GEN3 \(principal objective\) as 2"):
        read_plan(bad)


def test_stage5_values(kgz):
    raci = workplan.raci(kgz)
    assert "A04 (2 accountable) and A09 (no responsible)" in raci.sentence and raci["women"].value == 5  # NWM in A05, A07, A08, A09, A10
    risks = workplan.risks(kgz)
    assert risks["high"].value == 3 and risks["threshold"].value == 6 and "R3 (9, reduce, owner MLSP)" in risks.sentence
    assert workplan.gantt(kgz)["milestones"].value == 3
    delayed = workplan.delayed(kgz)
    assert delayed["late"].value == 2 and "A04" in delayed.sentence and "A10" in delayed.sentence
    assert delayed.tables[0].frame.set_index("Id").loc["A10", "Waiting on it"] == "A11, A12"
    quarters = workplan.gantt(kgz).tables[1].frame
    assert list(quarters.columns) == [f"{y}Q{q}" for y in (2027, 2028, 2029) for q in (1, 2, 3, 4)]
    assert quarters.loc["A02", "2027Q3"] == "M"
    calendar = workplan.calendar(kgz)
    assert calendar["followed"].value == calendar["rounds"].value == 2



def test_stage4_and_5_in_french_and_spanish(kgz):
    """The costed plan, the funding gap, the risk register and the work plan in French and Spanish: translated
    sentences and headers, the example's values written in each language's format, years never grouped."""
    from mmdp.constants import GENDER_MARKER_LABELS
    from mmdp.i18n import using

    costs = pd.read_csv(examples_dir() / "costs.csv")
    plan = pd.read_csv(examples_dir() / "plan.csv").iloc[0]
    actions = pd.read_csv(examples_dir() / "capacity_actions.csv")
    funding = pd.read_csv(examples_dir() / "funding.csv")
    risks = pd.read_csv(examples_dir() / "risks.csv")
    lines = (costs.unit_cost * costs.quantity).sum()
    total = lines * (1 + plan.contingency_pct / 100) + actions.cost.sum()
    gap = total - funding[funding.status == "committed"].amount.sum()
    high = int((risks.likelihood * risks.impact >= 6).sum())
    assert costing.MARKER_LABELS == tuple(GENDER_MARKER_LABELS.values())  # the labels translated are the constants'
    with using("fr"):
        totals = costing.totals(kgz)
        assert totals.title == "Plan d'action chiffré"
        assert totals.sentence.startswith(f"Le plan coûte {total / 1e6:.1f} M US$ sur 2027-2029 :".replace(".", ","))
        summary = totals.tables[2].shown()
        assert list(summary.columns) == ["Composante", "Coût"] and summary.iloc[-1].tolist() == ["Total", fmt.money(total)]
        assert set(totals.tables[1].shown()["Année"]) == {"2027", "2028", "2029"}  # a year, not a count (2 027)
        assert costing.gender_marker(kgz).tables[0].shown()["Marqueur genre"].iloc[0] == "0 non ciblé"
        raci = workplan.raci(kgz)
        assert "A04 (redevables : 2) et A09 (aucun responsable)" in raci.sentence
    with using("es"):
        funded = costing.funding_gap(kgz)
        assert f"dejan una brecha de financiamiento de {fmt.money(gap)}" in funded.sentence
        assert "Brecha tras lo comprometido" in funded.tables[0].shown().columns
        register = workplan.risks(kgz)
        assert register.sentence.startswith(f"{high} de los {len(risks)} riesgos tienen una calificación de 6 o más")
        shown = register.tables[0].shown()
        assert "Probabilidad" in shown.columns and set(shown["Calificación"]) >= {"9 (alto)", "2 (bajo)"}
        assert list(workplan.gantt(kgz).tables[1].frame.columns[:2]) == ["2027T1", "2027T2"]

def test_risk_scale_is_the_chapters():
    from mmdp.constants import RISK_SCALE_DEFAULT, RISK_SCALES
    from mmdp.render.format import constant_texts

    text = (REPO_ROOT / "chapters" / "stage5-implementation" / "coherence-risks.md").read_text(encoding="utf-8")
    assert "{{ risk_high }} or more high" in text and "6 or more" not in text
    assert constant_texts()["risk_high"] == str(RISK_SCALES[RISK_SCALE_DEFAULT]["high"][0])


def test_stage6_baselines_come_from_the_data(kgz):
    table = monitoring.framework_table(kgz).set_index("indicator_id")
    facts = baselines.data_baselines(kgz.place, kgz.year)
    assert table.loc["I03", "baseline_value"] == facts["10.c.1"].value and table.loc["I03", "baseline_source"] == facts["10.c.1"].source
    assert {f"ctx:{c}" for c in ("10.7.4", "immigrants_pct", "emigrants_female_share")} <= set(table.index)
    progress = monitoring.progress(kgz)
    assert progress["rounds"].value == 2
    assert progress["progress:I03"].value == pytest.approx(100 * (3.8 - facts["10.c.1"].value) / (3.0 - facts["10.c.1"].value))
    score = monitoring.readiness_score(kgz)
    assert (score["indicators"].value, score["now"].value) == (15, 14)


# SDG 10.7.4, end-2023, read from the raw files with awk/grep:
#   awk -F, '$1==2023 && $3=="VEN" {r+=$8; o+=$15} END{print r, o}' unhcr/unhcr_population_1990_2025.csv
#   grep '^VEN,2023,pop,' wdi/iom_gdidata_wdi_selected.csv
SDG_1074_RAW_2023 = {  # refugees, other people in need of international protection, population
    "VEN": (347_695, 5_755_363, 28_300_861),
    "SYR": (6_355_788, 0, 23_594_624),
}


@pytest.mark.parametrize("iso3", sorted(SDG_1074_RAW_2023))
def test_sdg_10_7_4_follows_the_custodian_formula(iso3):
    """UNHCR's metadata: refugees and other people in need of international protection by origin,
    over the origin's population plus those people, x 100,000. Refugees over population alone gave
    Venezuela 1,229 and Syria 26,937."""
    refugees, others, population = SDG_1074_RAW_2023[iso3]
    value, year, _ = baselines.refugees_per_100k(validate_parameters(iso3).place, 2023)
    assert year == 2023
    assert value == pytest.approx(1e5 * (refugees + others) / (population + refugees + others))
    assert value != pytest.approx(1e5 * refugees / population, rel=0.01)
    assert round(value, -2) == {"VEN": 17_700, "SYR": 21_200}[iso3]  # the check figures


def test_tracker_rows_per_sex_expected_value_ratio_and_status(kgz):
    rows = monitoring.tracker_table(kgz).set_index(["indicator_id", "sex"])
    assert {("I07", s) for s in ("total", "women", "men")} <= set(rows.index)
    # I08 has no annual target: baseline 0 at the end of 2026, target 60 at the end of 2029; latest 30 on 2028-12-15
    share = (pd.Timestamp("2028-12-15") - pd.Timestamp("2026-12-31")).days / (pd.Timestamp("2029-12-31") - pd.Timestamp("2026-12-31")).days
    staff = rows.loc[("I08", "total")]
    assert staff.expected == pytest.approx(60 * share) and staff.ratio == pytest.approx(30 / (60 * share))
    assert staff.status == "amber" and staff.annual_years == []
    assert rows.loc[("I01", "total"), "status"] == "grey"  # no monitoring value
    assert rows.loc[("I12", "total"), "flag"] == "By sex: missing"
    assert [monitoring.status(r) for r in (0.95, 0.9, 0.6, 0.49, -0.2, None)] == ["green", "green", "amber", "red", "red", "grey"]


def test_tracker_expected_value_runs_through_the_annual_targets(kgz):
    """I07 (cumulative, by sex): women 400 at the end of 2026, 1,200 by 2027 and 4,000 by 2028 (annual_targets.csv),
    10,000 by 2029; the 2028 round (2028-12-15) reads the line between the 2027 and 2028 targets."""
    targets = pd.read_csv(examples_dir() / "annual_targets.csv").set_index(["indicator_id", "year"])
    rows = monitoring.tracker_table(kgz).set_index(["indicator_id", "sex"])
    women = rows.loc[("I07", "women")]
    low, high = targets.at[("I07", 2027), "target_women"], targets.at[("I07", 2028), "target_women"]
    share = (pd.Timestamp("2028-12-15") - pd.Timestamp("2027-12-31")).days / (pd.Timestamp("2028-12-31") - pd.Timestamp("2027-12-31")).days
    expected = low + (high - low) * share
    assert women.expected == pytest.approx(expected) and women.ratio == pytest.approx((3_900 - 400) / (expected - 400))
    assert women.annual_years == [2027, 2028] and women.status == "green"
    # without the annual targets the same round read the straight line from baseline to final target
    straight = 400 + (10_000 - 400) * (pd.Timestamp("2028-12-15") - pd.Timestamp("2026-12-31")).days / (pd.Timestamp("2029-12-31") - pd.Timestamp("2026-12-31")).days
    assert abs(straight - expected) > 100
    # I11 is an annual target (that year's count): the 2028 round is read against the 2028 target itself
    tables = rows.loc[("I11", "total")]
    assert tables.target_type == "annual" and tables.expected == pytest.approx(targets.at[("I11", 2028), "target_value"])
    assert monitoring.path_text(tables).endswith("(annual target)")
    shown = monitoring.tracker(kgz).tables[0].frame.set_index(["Id", "Sex"])
    assert shown.at[("I07", "women"), "Expected on the line"] == "baseline to target through the annual targets of 2027, 2028"


def test_expected_value_between_and_beyond_the_points():
    path = monitoring.target_path(0.0, 2026, 30.0, 2029, {2027: 20.0, 2031: 99.0, 2028: float("nan")})
    assert [(t.year, v) for t, v in path] == [(2026, 0.0), (2027, 20.0), (2029, 30.0)]  # outside the years, or empty: left out
    assert monitoring.expected_value(path, pd.Timestamp("2027-12-31")) == pytest.approx(20.0)
    assert monitoring.expected_value(path, pd.Timestamp("2028-12-31")) == pytest.approx(20.0 + 10.0 * 366 / 731)
    assert monitoring.expected_value(path, pd.Timestamp("2027-07-02"), "annual") == pytest.approx(20.0)  # read at the year's end
    assert monitoring.expected_value(path, pd.Timestamp("2030-12-31")) > 30.0  # the last line extended
    assert monitoring.target_path(0.0, 2026, None, 2029, {}) == [] and monitoring.expected_value([], pd.Timestamp("2028-01-01")) is None


def test_results_matrix_shows_the_annual_targets_for_women_and_men(kgz):
    matrix = results.framework(kgz).tables[0].frame.set_index("Id")
    assert matrix.at["I07", "Annual targets"] == "2027: 3,000 (women 1,200, men 1,800); 2028: 9,000 (women 4,000, men 5,000)"
    assert matrix.at["I11", "Target"].endswith(", annual") and matrix.at["I05", "Annual targets"] == fmt.NOT_APPLICABLE
    assert "3 indicators have intermediate (annual) targets" in results.framework(kgz).sentence


def test_a_target_that_widens_the_gender_gap_is_flagged(bad):
    edit(bad, "indicators", "people,yes,yes,no,150,2026,Ministry of Labour records (illustrative),600,2029,Case records of labour attachés,40,110,200,400",
         "people,yes,yes,no,150,2026,Ministry of Labour records (illustrative),600,2029,Case records of labour attachés,40,110,50,550")
    check = results.disaggregation(validate_parameters("KGZ", inputs=str(bad)))
    assert "targets for women and men that would widen the gender gap: I12" in check.sentence


def test_reporting_calendar_flags_a_report_with_no_round_before_it(kgz):
    calendar = monitoring.reporting_calendar_table(kgz).set_index("report")
    rounds = pd.read_csv(examples_dir() / "monitoring.csv", parse_dates=["date"])
    assert set(rounds.date.dt.year) == {2027, 2028}
    assert calendar.at["Annual progress report on 2028", "flag"] == "" and calendar.at["Annual progress report on 2029", "flag"] != ""
    assert "International Migration Review Forum 2026" not in calendar.index  # before the first round
    assert calendar.at["GCM regional review 2028", "rounds"] == 1  # the 2027 round
    assert calendar.at["Voluntary National Review 2028", "rounds"] == 1  # the plan sheet's vnr_years
    assert "Voluntary National Reviews declared in the plan sheet (2028)" in monitoring.reporting_calendar(kgz).sentence


def test_a_voluntary_national_review_with_no_round_before_it_is_flagged(bad):
    edit(bad, "plan", "2027-11-15,2028", "2027-11-15,2027;2029;2035")
    params = validate_parameters("KGZ", inputs=bad)
    calendar = monitoring.reporting_calendar_table(params).set_index("report")
    assert calendar.at["Voluntary National Review 2027", "flag"] == "no monitoring round since the previous report"
    assert calendar.at["Voluntary National Review 2029", "rounds"] == 2 and calendar.at["Voluntary National Review 2029", "flag"] == ""
    sentence = monitoring.reporting_calendar(params).sentence
    assert "with no monitoring round before them: Voluntary National Review 2027 and Annual progress report on 2029" in sentence
    assert "outside the monitored years: 2035" in sentence


def test_without_voluntary_national_review_years_the_calendar_says_so(bad):
    edit(bad, "plan", "2027-11-15,2028", "2027-11-15,")
    params = validate_parameters("KGZ", inputs=bad)
    assert not monitoring.reporting_calendar_table(params).channel.eq(monitoring.VNR).any()
    assert "declares no Voluntary National Review year (vnr_years)" in monitoring.reporting_calendar(params).sentence


def test_missing_values_in_monitoring_tables_read_not_available(kgz):
    framework = monitoring.framework(kgz).tables[0].shown()
    no_round = ~framework.Id.isin(monitoring.latest_rounds(kgz).index)
    assert no_round.any() and (framework.loc[no_round, "Latest value"] == fmt.NOT_AVAILABLE).all()
    progress = monitoring.progress(kgz).tables[0].shown()
    rounds = progress.drop(columns=["Id", "Indicator"])
    assert (rounds == fmt.NOT_AVAILABLE).any().any() and not (rounds == "-").any().any()


def test_context_indicators_say_whether_they_are_about_people(kgz):
    """The M&E framework's context rows once lost their 'about people' flag, so the readiness score
    counted them as not about people."""
    table = monitoring.framework_table(kgz).set_index("indicator_id")
    context = table[table.kind == "context"]
    expected = {f"ctx:{i.code}": "yes" if i.by_sex or i.by_migratory_status else "no" for i in baselines.DATA_INDICATORS}
    assert len(context) and context.about_people.to_dict() == {code: expected[code] for code in context.index}
    score = monitoring.readiness_score(kgz)
    assert score["people"].value == (table.about_people == "yes").sum()


@pytest.mark.parametrize("place", places_param(["KGZ", "TKL", "UKR", "USA", "World", "Central Asia", "Western Asia"]))
def test_every_number_stated_is_a_fact(place):
    from .notebook_text import BAD_TOKENS

    params = validate_parameters(place)
    for make in FINDINGS:
        finding = make(params)
        assert finding.stated_numbers() <= finding.numbers(), (finding.id, finding.stated_numbers() - finding.numbers())
        tables = [t._repr_mimebundle_()["text/plain"] for t in finding.tables]
        assert not [b for text in tables for b in BAD_TOKENS.findall(text)], finding.id  # e.g. a rate of 2,338.0 read as a float count
        assert "ILLUSTRATIVE EXAMPLE" in finding.sentence, finding.id
        for chart in finding.charts:
            assert chart.alt and chart.source.startswith(("ILLUSTRATIVE", "Inputs of")), finding.id


@pytest.mark.parametrize("name", PLANNING_NOTEBOOKS)
def test_planning_notebooks_declare_their_stage(name):
    notebook = nbformat.read(REPO_ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    assert isinstance(notebook.metadata["mmdp"]["stage"], int)


def test_bad_inputs_stop_the_first_code_cell_of_a_planning_notebook(bad, tmp_path):
    import papermill

    edit(bad, "costs", "C01,A01", "C01,A99")
    out = tmp_path / "costing.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(str(REPO_ROOT / "notebooks" / "costing.ipynb"), str(out),
                                   parameters={"country": "KGZ", "inputs": str(bad)}, kernel_name="python3", progress_bar=False)
    assert "costs.csv: line 2, column 'activity_id': 'A99' is not an activity_id" in str(err.value)
    executed = nbformat.read(out, as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code" and not set(c.metadata.get("tags", [])) & {"parameters", "injected-parameters"}]
    assert [any(o.get("output_type") == "error" for o in c.outputs) for c in code][:2] == [True, False]


def test_nbval_fails_when_an_example_input_changes(tmp_path):
    import os
    import subprocess
    import sys

    changed = tmp_path / "data"
    shutil.copytree(data_dir(), changed)
    edit(changed / "examples", "costs", "C11,A09,Matching grants,LGA,2028,grant,150,", "C11,A09,Matching grants,LGA,2028,grant,151,")
    env = {**os.environ, "MMDP_DATA_DIR": str(changed)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "notebooks/costing.ipynb"], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0, result.stdout[-2000:]
    assert "US$ 602 thousand" in result.stdout and "US$ 600 thousand" in result.stdout  # the changed and the stored cost through LGA


def test_blank_workbook_guides_the_planner(tmp_path):
    import openpyxl

    from mmdp.inputs.workbook import column_rule

    path = write_workbook({}, tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    for template in TEMPLATES:
        assert len(book[template.name].data_validations.dataValidation) == len(template.schema.columns), template.name
        for v in book[template.name].data_validations.dataValidation:
            assert v.showInputMessage and v.prompt, (template.name, v.sqref)
            if v.type in ("list", "date"):
                assert v.showErrorMessage, (template.name, v.sqref)  # Excel and LibreOffice refuse a wrong value
    costs = {str(v.sqref): v for v in book["costs"].data_validations.dataValidation}
    assert costs["D2:D1000"].formula1 == "stakeholders!$A$2:$A$1000" and costs["D2:D1000"].errorStyle in (None, "stop")
    activities = {str(v.sqref): v for v in book["activities"].data_validations.dataValidation}
    consulted = list(BY_NAME["activities"].schema.columns).index("consulted")
    letter = openpyxl.utils.get_column_letter(consulted + 1)
    assert activities[f"{letter}2:{letter}1000"].errorStyle == "warning"  # several ids separated by ';' stay possible
    readme = [r for r in book["README"].iter_rows(values_only=True)]
    assert ("costs", "gender_marker", column_rule(BY_NAME["costs"], "gender_marker")) in readme
    assert "0 = not targeted" in column_rule(BY_NAME["costs"], "gender_marker")



def test_a_french_blank_workbook_has_a_french_readme_and_column_help(tmp_path):
    """`mmdp inputs blank --lang fr`: the README sheet and the columns' help in French, from the catalog; the
    sheet names and column names stay codes; a rule's bounds are the schema's, written the French way."""
    import openpyxl
    from babel.messages.pofile import read_po

    from mmdp.i18n import catalogs_dir, language, using

    with (catalogs_dir("fr") / "inputs.workbook.po").open("rb") as handle:
        french = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    path = tmp_path / "vierge.xlsx"
    with using("en"):
        assert main(["inputs", "blank", "--lang", "fr", str(path)]) == 0
    assert language() == "en"
    book = openpyxl.load_workbook(path)
    readme = [r for r in book["README"].iter_rows(values_only=True)]
    first = "Planning inputs workbook: one sheet per template; keep the sheet names and the header row."
    assert readme[0][0] == french[first] != first and readme[0][0].startswith("Classeur")
    assert readme[4] == ("Feuille", "Étape", "Contenu")
    assert ("costs", "Étape 4") == readme[5 + [t.name for t in TEMPLATES].index("costs")][:2]
    rules = {(r[0], r[1]): r[2] for r in readme if r[0] in BY_NAME and r[1] in BY_NAME[r[0]].schema.columns}
    price_year = next(c for c in BY_NAME["plan"].schema.columns["price_year"].checks if c.name == "in_range").statistics
    assert rules[("plan", "price_year")] == f"un nombre entier ; de {price_year['min_value']} à {price_year['max_value']} ; obligatoire"
    assert len(rules) == sum(len(t.schema.columns) for t in TEMPLATES)
    for template in TEMPLATES:  # sheet and column names are codes, the same as in English
        assert [c.value for c in book[template.name][1]] == list(template.schema.columns)
    dates = {str(v.sqref): v for v in book["activities"].data_validations.dataValidation if v.type == "date"}
    assert dates and all(v.errorTitle == "Date non valide" and "AAAA-MM-JJ" in v.prompt for v in dates.values())
    assert read_plan(path) == {}  # still a blank workbook the checks read


@pytest.mark.parametrize(("lang", "lang_po"), [("fr", "fr"), ("es", "es")])
def test_blank_workbook_says_what_each_sheet_holds_and_what_codes_mean_in_the_language(tmp_path, lang, lang_po):
    """The README's "what it holds" and the meanings of coded values (gender marker, status, response) come
    from the catalog of inputs.planning; the codes themselves stay as typed."""
    import openpyxl
    from babel.messages.pofile import read_po

    from mmdp.i18n import catalogs_dir, using
    from mmdp.inputs.templates import VALUE_MEANINGS
    from mmdp.inputs.workbook import column_rule

    with (catalogs_dir(lang_po) / "inputs.planning.po").open("rb") as handle:
        catalog = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    with using(lang):
        path = write_workbook({}, tmp_path / f"blank-{lang}.xlsx")
        gender_rule = column_rule(BY_NAME["costs"], "gender_marker")
    readme = [r for r in openpyxl.load_workbook(path)["README"].iter_rows(values_only=True)]
    holds = {r[0]: r[2] for r in readme[5:5 + len(TEMPLATES)]}
    for template in TEMPLATES:
        assert holds[template.name] == catalog[template.about] != template.about, template.name
    for code in ("0", "1", "2"):
        assert f"{code} = {catalog[VALUE_MEANINGS['gender_marker'][code]]}" in gender_rule
    rules = {(r[0], r[1]): r[2] for r in readme if r[0] in BY_NAME and r[1] in BY_NAME[r[0]].schema.columns}
    assert f"delayed = {catalog['under way, behind its dates']}" in rules[("activities", "status")]
    assert f"avoid = {catalog['change the plan so the risk cannot happen']}" in rules[("risks", "response")]


def test_gender_marker_meanings_are_the_dac_labels():
    from mmdp.constants import GENDER_MARKER_LABELS
    from mmdp.inputs.templates import VALUE_MEANINGS

    assert {k: f"{k} {v}" for k, v in VALUE_MEANINGS["gender_marker"].items()} == {str(k): v for k, v in GENDER_MARKER_LABELS.items()}

def test_shipped_workbooks_are_current():
    from mmdp.inputs.workbook import read_raw
    from mmdp.paths import templates_dir

    assert read_raw(templates_dir() / "plan-blank.xlsx") == {}
    shipped = read_plan(templates_dir() / "plan-example.xlsx")
    folder = read_plan(examples_dir())
    assert shipped.keys() == folder.keys()
    for name in folder:
        pd.testing.assert_frame_equal(shipped[name].reset_index(drop=True), folder[name].reset_index(drop=True), check_dtype=False)


def test_a_long_table_shows_its_first_rows_and_says_how_many_more():
    from mmdp.render.display import MAX_ROWS_SHOWN, Table

    table = Table(pd.DataFrame({"Id": [f"C{i}" for i in range(MAX_ROWS_SHOWN + 50)]}), "Cost lines", "Source: a test.", index=False)
    bundle = table._repr_mimebundle_()
    assert f"C{MAX_ROWS_SHOWN - 1}" in bundle["text/plain"] and f"C{MAX_ROWS_SHOWN}" not in bundle["text/plain"]
    assert "50 more are in the CSV file" in bundle["text/plain"] and "50 more" in bundle["text/html"]
