"""How scores read in the report, on the page and in exports (core.report.outline)."""
from core.report.outline import out_of_ten


def test_whole_scores_read_as_whole_numbers_and_the_overall_keeps_its_decimal():
    assert out_of_ten(7) == "7/10" and out_of_ten(7.0) == "7/10"  # not "7.0/10"
    assert out_of_ten(6.4) == "6.4/10"


def test_a_missing_or_unreadable_score_shows_a_dash():
    assert out_of_ten(None) == "–/10" and out_of_ten("great") == "–/10" and out_of_ten(True) == "–/10"
